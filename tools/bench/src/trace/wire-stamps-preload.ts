import { TRACE_DIR_ENV, installWireStampsWithDump } from './wire-stamps.js';

/** Loaded with `NODE_OPTIONS=--import` into the gateway and worker by the `overhead` benchmark. */
const dir = process.env[TRACE_DIR_ENV];
if (!dir) throw new Error(`${TRACE_DIR_ENV} must name the directory the wire stamps are written to`);
installWireStampsWithDump(dir);
