import http from 'node:http';
import net from 'node:net';
import { Worker } from 'node:worker_threads';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Timestamps what a process sends and receives: bytes written to and read from TCP sockets (Redis
 * commands and replies, HTTP), HTTP requests as the server sees them, and messages to and from
 * inference threads. The `overhead` benchmark loads this into the gateway and worker (a
 * `NODE_OPTIONS=--import` preload) and into its own process, then lines the three up into one
 * timeline per request. It patches Node's prototypes, so it belongs in benchmarks only.
 *
 * Times are `performance.timeOrigin + performance.now()`: epoch milliseconds with sub-millisecond
 * resolution, comparable across the processes of one machine.
 */
export type WireEventKind = 'write' | 'data' | 'request' | 'thread-post' | 'thread-reply';

export interface WireEvent {
  at: number;
  kind: WireEventKind;
  /** The socket's local port: one per connection, so a reply can be matched to its command. */
  connection: number;
  /** The socket's remote port (Redis's, or a client's), 0 for thread messages and requests. */
  peerPort: number;
  /** The start of what was sent or read, line breaks as spaces (a request's URL for `request`). */
  text: string;
}

/** Enough of a Redis command to tell SET from GET and moveToActive from moveToFinished. */
const TEXT_CHARS = 4096;

/** The directory the preload writes each process's events to, named `<pid>.json`. */
export const TRACE_DIR_ENV = 'OCR_TRACE_DIR';

let installed: WireEvent[] | undefined;

/** Starts stamping this process's traffic (once); returns the live list of events. */
export function installWireStamps(): WireEvent[] {
  if (installed) return installed;
  const events: WireEvent[] = [];
  installed = events;
  const now = (): number => performance.timeOrigin + performance.now();
  const record = (kind: WireEventKind, socket: net.Socket | undefined, chunk: unknown): void => {
    events.push({
      at: now(),
      kind,
      connection: socket?.localPort ?? 0,
      peerPort: socket?.remotePort ?? 0,
      text: textOf(chunk),
    });
  };

  tap(net.Socket.prototype, 'write', (socket, [chunk]) => record('write', socket, chunk));
  tap(net.Socket.prototype, 'emit', (socket, [name, chunk]) => {
    if (name === 'data') record('data', socket, chunk);
  });
  // The HTTP server parses its sockets natively, without 'data' events: its request event stands in.
  tap(http.Server.prototype, 'emit', (_server, [name, request]) => {
    if (name === 'request') record('request', undefined, (request as http.IncomingMessage).url ?? '');
  });
  tap(Worker.prototype, 'postMessage', () => record('thread-post', undefined, ''));
  tap(Worker.prototype, 'emit', (_thread, [name]) => {
    if (name === 'message') record('thread-reply', undefined, '');
  });
  return events;
}

/**
 * In a service process: stamps its traffic and, on each SIGUSR2, writes the events since the last
 * signal to `<dir>/<pid>.json` and starts over (the benchmark signals once after warming up, to
 * drop the warm-up, and once at the end).
 */
export function installWireStampsWithDump(dir: string): void {
  const events = installWireStamps();
  process.on('SIGUSR2', () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${process.pid}.json`), JSON.stringify(events));
    events.length = 0;
  });
}

/** Replaces `proto[name]` with a method that shows each call to `before`, then does what it did. */
function tap<T extends object>(proto: T, name: string, before: (self: T, args: unknown[]) => void): void {
  const original = Reflect.get(proto, name) as (this: T, ...args: unknown[]) => unknown;
  Reflect.set(proto, name, function (this: T, ...args: unknown[]): unknown {
    before(this, args);
    return original.apply(this, args);
  });
}

function textOf(chunk: unknown): string {
  const text =
    typeof chunk === 'string'
      ? chunk.slice(0, TEXT_CHARS)
      : chunk instanceof Uint8Array
        ? Buffer.from(chunk.buffer, chunk.byteOffset, Math.min(chunk.byteLength, TEXT_CHARS)).toString('latin1')
        : '';
  return text.replace(/\r\n/g, ' ');
}
