export { readGatewayConfig, type GatewayConfig } from './config.js';
export { startGateway, type RunningGateway } from './gateway.js';
export { createHttpApp, type HttpAppDeps } from './http/app.js';
export { JobService } from './services/job-service.js';
