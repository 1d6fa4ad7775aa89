/**
 * pino options shared by every process: JSON lines with the process name, the configured level,
 * and human-readable output only when asked (`LOG_PRETTY=true`, which needs pino-pretty). Returned
 * as plain options so this package does not depend on pino.
 */
export interface LoggerOptions {
  name: string;
  level: string;
  transport?: { target: string; options: Record<string, unknown> };
  redact: { paths: string[]; censor: string };
}

export function loggerOptions(name: string, level: string, pretty: boolean): LoggerOptions {
  return {
    name,
    level,
    // Keys and image bytes never reach the logs, whatever a call site passes.
    redact: {
      paths: ['headers.authorization', 'headers["x-api-key"]', '*.apiKey', '*.bytes', '*.image'],
      censor: '[redacted]',
    },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { colorize: true } } } : {}),
  };
}
