import { type Server, createServer } from 'node:http';
import type { Registry } from 'prom-client';

/**
 * The worker's small HTTP port for Kubernetes and Prometheus: `/healthz` (the process answers),
 * `/livez` (and its engine has not been unable to read for ENGINE_DOWN_RESTART_MS), `/readyz`
 * (Redis reachable, the worker taking jobs, its engine able to read),
 * `/metrics`. It answers while models run, because inference happens on other threads.
 */
export interface HealthChecks {
  ready: () => Promise<Record<string, boolean>>;
  /** Checks beside "the process answers" that `/livez` fails on (a restart is the only cure). */
  live?: () => Record<string, boolean>;
  registry: Registry;
}

export function startHealthServer(port: number, host: string, checks: HealthChecks): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const send = (status: number, body: string, type = 'application/json'): void => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    switch (path) {
      case '/healthz':
        send(200, JSON.stringify({ status: 'ok', checks: { process: 'ok' } }));
        return;
      case '/livez': {
        const { ok, named } = outcome(checks.live?.() ?? {});
        send(ok ? 200 : 503, JSON.stringify({ status: ok ? 'ok' : 'failing', checks: { process: 'ok', ...named } }));
        return;
      }
      case '/readyz':
        checks.ready().then(
          (results) => {
            const { ok, named } = outcome(results);
            send(ok ? 200 : 503, JSON.stringify({ status: ok ? 'ok' : 'unavailable', checks: named }));
          },
          () => send(503, JSON.stringify({ status: 'unavailable', checks: {} })),
        );
        return;
      case '/metrics':
        checks.registry.metrics().then(
          (text) => send(200, text, checks.registry.contentType),
          (error: unknown) => send(500, String(error), 'text/plain'),
        );
        return;
      default:
        send(404, JSON.stringify({ status: 'not found' }));
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

/** Whether every check passed, and each check as `ok` or `fail` for the probe's body. */
function outcome(results: Record<string, boolean>): { ok: boolean; named: Record<string, string> } {
  return {
    ok: Object.values(results).every(Boolean),
    named: Object.fromEntries(Object.entries(results).map(([k, v]) => [k, v ? 'ok' : 'fail'])),
  };
}
