#!/usr/bin/env node
import 'dotenv/config';
import { pino } from 'pino';
import { ConfigError, loggerOptions } from '@ocr-pool/contracts';
import { readGatewayConfig } from './config.js';
import { startGateway } from './gateway.js';

/**
 * Composition root of the gateway process: read config, start the gateway, and on SIGTERM/SIGINT
 * stop accepting, let in-flight requests finish (bounded by SHUTDOWN_TIMEOUT_MS), and exit.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = readGatewayConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = pino(loggerOptions('ocr-gateway', config.logLevel, config.logPretty));
  const gateway = await startGateway(config, logger);

  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: refusing new connections and requests (503), finishing requests in flight');
    const force = setTimeout(() => {
      logger.error({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown timed out; closing remaining connections');
      gateway.server.closeAllConnections();
      process.exit(1);
    }, config.shutdownTimeoutMs);
    force.unref();
    await gateway.close();
    logger.info('gateway stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`gateway failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
