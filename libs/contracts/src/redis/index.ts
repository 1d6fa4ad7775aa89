// `@ocr-pool/contracts/redis`: what needs ioredis, kept off the package's index so that clients of
// the index (the gRPC client, the CLI) never load it.
export { QueueConnection } from './queue-connection.js';
export { redisAnswers } from './redis-answers.js';
