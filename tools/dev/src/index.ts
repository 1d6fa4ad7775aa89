export { freePort } from './free-port.js';
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
export { characterErrorRate, levenshtein } from './text-distance.js';
