# syntax=docker/dockerfile:1
# ocr-pool images, one file with a target per image:
#   docker build --target gateway    -t ocr-pool/gateway:0.1.0 .
#   docker build --target worker     -t ocr-pool/worker:0.1.0 .
#   docker build --target worker-gpu -t ocr-pool/worker-gpu:0.1.0 .
# The install steps are CI's (.ci/run): `npm ci` with ONNXRUNTIME_NODE_INSTALL=skip, which keeps
# onnxruntime-node's bundled CPU binaries; the GPU image sets it to cuda12 so the install script
# fetches the CUDA execution provider at build time. Runtime images hold production dependencies of
# one app, its dist, and the package files: no sources, tests or dev tools.
# Build args: NODE_IMAGE, CUDA_IMAGE, TESSERACT_LANGS (Debian tesseract-ocr-* suffixes, e.g. "kor jpn").

ARG NODE_IMAGE=node:20-bookworm-slim
ARG CUDA_IMAGE=nvidia/cuda:12.6.3-cudnn-runtime-ubuntu24.04

# ---- build: every workspace compiled once ---------------------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /src
ENV ONNXRUNTIME_NODE_INSTALL=skip
COPY package.json package-lock.json ./
COPY libs/contracts/package.json libs/contracts/
COPY libs/annotate/package.json libs/annotate/
COPY libs/ocr-engine/package.json libs/ocr-engine/
COPY apps/worker/package.json apps/worker/
COPY apps/gateway/package.json apps/gateway/
COPY tools/bench/package.json tools/bench/
COPY tools/dev/package.json tools/dev/
COPY tools/deploy-check/package.json tools/deploy-check/
COPY tools/faults/package.json tools/faults/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# ---- production dependencies of one workspace -----------------------------------------------
FROM ${NODE_IMAGE} AS manifests
WORKDIR /app
COPY --from=build /src/package.json /src/package-lock.json ./
COPY --from=build /src/libs/contracts/package.json libs/contracts/
COPY --from=build /src/libs/annotate/package.json libs/annotate/
COPY --from=build /src/libs/ocr-engine/package.json libs/ocr-engine/
COPY --from=build /src/apps/worker/package.json apps/worker/
COPY --from=build /src/apps/gateway/package.json apps/gateway/
COPY --from=build /src/tools/bench/package.json tools/bench/
COPY --from=build /src/tools/dev/package.json tools/dev/
COPY --from=build /src/tools/deploy-check/package.json tools/deploy-check/
COPY --from=build /src/tools/faults/package.json tools/faults/
# npm ci --omit=dev -w X still installs X's workspace devDependencies (npm/cli#6670): this script
# removes what X does not need at run time (for the gateway, the worker's onnxruntime-node and models).
COPY --from=build /src/tools/docker/keep-production-tree.mjs /usr/local/lib/ocr-pool/

FROM manifests AS gateway-deps
RUN ONNXRUNTIME_NODE_INSTALL=skip npm ci --omit=dev --no-audit --no-fund -w apps/gateway \
  && node /usr/local/lib/ocr-pool/keep-production-tree.mjs apps/gateway

FROM manifests AS worker-deps
RUN ONNXRUNTIME_NODE_INSTALL=skip npm ci --omit=dev --no-audit --no-fund -w apps/worker \
  && node /usr/local/lib/ocr-pool/keep-production-tree.mjs apps/worker

FROM manifests AS worker-gpu-deps
ENV ONNXRUNTIME_NODE_INSTALL=cuda12
RUN npm ci --omit=dev --no-audit --no-fund -w apps/worker \
  && node /usr/local/lib/ocr-pool/keep-production-tree.mjs apps/worker \
  # Run the install script explicitly, so the CUDA binaries are there even where npm skipped scripts.
  && node node_modules/onnxruntime-node/script/install.js

# The worker's compiled code, shared by the CPU and GPU images.
FROM scratch AS worker-dist
COPY --from=build /src/libs/contracts/dist /app/libs/contracts/dist
COPY --from=build /src/libs/annotate/dist /app/libs/annotate/dist
COPY --from=build /src/libs/ocr-engine/dist /app/libs/ocr-engine/dist
COPY --from=build /src/apps/worker/dist /app/apps/worker/dist

# ---- gateway ---------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS gateway
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 GRPC_PORT=50051
WORKDIR /app
COPY --from=gateway-deps /app ./
COPY --from=build /src/libs/contracts/dist libs/contracts/dist
# The gRPC server loads the .proto at run time (libs/contracts/src/grpc/ocr-proto.ts).
COPY --from=build /src/libs/contracts/proto libs/contracts/proto
COPY --from=build /src/libs/annotate/dist libs/annotate/dist
COPY --from=build /src/apps/gateway/dist apps/gateway/dist
# The demo page at / is served from these static files (apps/gateway/src/http/routes/demo-routes.ts).
COPY --from=build /src/apps/gateway/public apps/gateway/public
USER node
EXPOSE 3000 50051
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/livez').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "apps/gateway/dist/src/main.js"]

# ---- worker (CPU) ----------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS worker
ARG TESSERACT_LANGS=kor
# tesseract reads the languages no PP-OCR pack covers (Korean first); see libs/ocr-engine.
RUN apt-get update \
  && apt-get install -y --no-install-recommends tesseract-ocr $(for l in ${TESSERACT_LANGS}; do printf 'tesseract-ocr-%s ' "$l"; done) \
  && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production WORKER_HEALTH_PORT=9465 MALLOC_ARENA_MAX=2
WORKDIR /app
COPY --from=worker-deps /app ./
COPY --from=worker-dist /app ./
USER node
EXPOSE 9465
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.WORKER_HEALTH_PORT||9465)+'/livez').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "apps/worker/dist/src/main.js"]

# ---- worker (NVIDIA GPU) ---------------------------------------------------------------------
FROM ${NODE_IMAGE} AS node-runtime

FROM ${CUDA_IMAGE} AS worker-gpu
ARG TESSERACT_LANGS=kor
RUN apt-get update \
  && apt-get install -y --no-install-recommends ca-certificates tesseract-ocr $(for l in ${TESSERACT_LANGS}; do printf 'tesseract-ocr-%s ' "$l"; done) \
  && rm -rf /var/lib/apt/lists/* \
  && (userdel -r ubuntu 2>/dev/null || true) \
  && groupadd --gid 1000 node && useradd --uid 1000 --gid node --create-home node
# The same Node as the CPU images, taken from the official image.
COPY --from=node-runtime /usr/local/bin/node /usr/local/bin/node
ENV NODE_ENV=production WORKER_HEALTH_PORT=9465 MALLOC_ARENA_MAX=2 OCR_DEVICE=cuda
EXPOSE 9465
USER node
WORKDIR /app
COPY --from=worker-gpu-deps /app ./
COPY --from=worker-dist /app ./
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.WORKER_HEALTH_PORT||9465)+'/livez').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "apps/worker/dist/src/main.js"]
