import { fileURLToPath } from 'node:url';
import { loadPackageDefinition } from '@grpc/grpc-js';
import { type Options, type PackageDefinition, loadSync } from '@grpc/proto-loader';
import type { ProtoGrpcType } from './generated/ocr.js';

/**
 * Where the gRPC API's proto lives and how every process loads it: the gateway serves it, tests
 * and benchmarks call it, all with the same loader options as the generated types assume
 * (`npm run generate -w libs/contracts` regenerates them; a test fails when they drift).
 */
export const OCR_PROTO_ROOT = fileURLToPath(new URL('../../../proto', import.meta.url));
export const OCR_PROTO_FILE = 'ocr/v1/ocr.proto';
export const OCR_SERVICE_NAME = 'ocr.v1.OcrService';

export const PROTO_LOADER_OPTIONS: Options = {
  // Field names as in the HTTP API (`text_boxes`, `overall_confidence`).
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
  // Unset `optional` fields stay undefined, so the server can apply its own defaults.
  oneofs: true,
};

/** The service's package definition, plus any other protos (health, for reflection) named. */
export function loadOcrPackageDefinition(
  extraFiles: readonly string[] = [],
  extraRoots: readonly string[] = [],
): PackageDefinition {
  return loadSync([OCR_PROTO_FILE, ...extraFiles], {
    ...PROTO_LOADER_OPTIONS,
    includeDirs: [OCR_PROTO_ROOT, ...extraRoots],
  });
}

/** The loaded service, typed by the generated types. */
export function loadOcrProto(definition: PackageDefinition = loadOcrPackageDefinition()): ProtoGrpcType {
  return loadPackageDefinition(definition) as unknown as ProtoGrpcType;
}
