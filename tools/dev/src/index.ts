export { deletePrefix } from './delete-prefix.js';
export { freePort } from './free-port.js';
export { type GrpcHealthProbe, grpcHealthProbe } from './grpc-health-probe.js';
export {
  DEFAULT_REDIS_URL,
  INSTALL_HINT,
  PrivateRedis,
  type PrivateRedisOptions,
  type RedisHandle,
  ensureRedis,
  pingRedis,
  redisServerInstalled,
} from './redis-server.js';
export { ServiceProcess } from './service-process.js';
export { readyz, sleep, until } from './wait.js';
export { characterErrorRate, levenshtein } from './text-distance.js';
export {
  PROMETHEUS_INSTALL_HINT,
  PrometheusServer,
  type PrometheusOptions,
  type PromSample,
  type PromtoolResult,
  type ScrapeTarget,
  promtool,
} from './prometheus-server.js';
export { type Samples, parseSamples, sample } from './prom-text.js';
export { CHROMIUM_PATH } from './os-packages.js';
export { processRssMiB } from './process-stats.js';
export { type Random, seededRandom } from './seeded-random.js';
