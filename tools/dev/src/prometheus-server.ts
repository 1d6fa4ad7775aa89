import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

/**
 * A real Prometheus for tests, and `promtool`, both from the OS (Debian's `prometheus` package):
 * the server scrapes the given targets on loopback every second, evaluates the given rule files,
 * keeps its data in a temporary folder, and answers PromQL through its HTTP API.
 */
export const PROMETHEUS_INSTALL_HINT =
  'prometheus and promtool are not installed. Install them (Debian/Ubuntu: sudo apt-get install prometheus).';

export interface PromtoolResult {
  status: number | null;
  /** stdout and stderr together. */
  output: string;
}

/** Runs promtool with `args`, `input` on its standard input. */
export function promtool(args: readonly string[], input?: string): PromtoolResult {
  const run = spawnSync('promtool', args, { input: input ?? '', encoding: 'utf8' });
  if (run.error) throw new Error(`${PROMETHEUS_INSTALL_HINT} (${run.error.message})`);
  return { status: run.status, output: `${run.stdout}${run.stderr}`.trim() };
}

export interface ScrapeTarget {
  job: string;
  /** host:port on loopback. */
  target: string;
  metricsPath?: string;
}

export interface PrometheusOptions {
  targets: readonly ScrapeTarget[];
  ruleFiles?: readonly string[];
}

/** One sample of an instant query. */
export interface PromSample {
  metric: Record<string, string>;
  value: number;
}

interface ApiReply<T> {
  status: 'success' | 'error';
  data: T;
  error?: string;
}

export class PrometheusServer {
  private readonly exit: Promise<void>;
  private readonly logs: string[] = [];

  private constructor(
    private readonly child: ChildProcess,
    private readonly dir: string,
    readonly url: string,
  ) {
    child.stderr?.on('data', (chunk: Buffer) => this.logs.push(chunk.toString()));
    this.exit = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  static async start(options: PrometheusOptions, readyTimeoutMs = 30_000): Promise<PrometheusServer> {
    const dir = mkdtempSync(join(tmpdir(), 'ocr-pool-prometheus-'));
    // YAML is a superset of JSON: the config is written as JSON.
    const config = {
      global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
      rule_files: options.ruleFiles ?? [],
      scrape_configs: options.targets.map((t) => ({
        job_name: t.job,
        metrics_path: t.metricsPath ?? '/metrics',
        static_configs: [{ targets: [t.target] }],
      })),
    };
    writeFileSync(join(dir, 'prometheus.yml'), JSON.stringify(config, null, 2));
    const port = await freePort();
    const child = spawn(
      'prometheus',
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const spawned = await new Promise<Error | undefined>((resolve) => {
      child.once('spawn', () => resolve(undefined));
      child.once('error', resolve);
    });
    if (spawned) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`${PROMETHEUS_INSTALL_HINT} (${spawned.message})`);
    }
    const server = new PrometheusServer(child, dir, `http://127.0.0.1:${port}`);
    const deadline = Date.now() + readyTimeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) break;
      try {
        if ((await fetch(`${server.url}/-/ready`)).ok) return server;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    await server.stop();
    throw new Error(`prometheus did not become ready:\n${server.logs.join('')}`);
  }

  /** An instant query; throws with Prometheus' message when the expression is refused. */
  async query(expr: string): Promise<PromSample[]> {
    const data = await this.api<{ result: Array<{ metric: Record<string, string>; value: [number, string] }> }>(
      `/api/v1/query?query=${encodeURIComponent(expr)}`,
    );
    return data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
  }

  /** Polls `expr` until `accept` takes its samples; returns the last samples either way. */
  async queryUntil(
    expr: string,
    accept: (samples: PromSample[]) => boolean,
    timeoutMs = 30_000,
  ): Promise<PromSample[]> {
    const deadline = Date.now() + timeoutMs;
    let samples = await this.query(expr);
    while (!accept(samples) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      samples = await this.query(expr);
    }
    return samples;
  }

  api<T>(path: string): Promise<T> {
    return fetch(`${this.url}${path}`).then(async (response) => {
      const body = (await response.json()) as ApiReply<T>;
      if (body.status !== 'success') throw new Error(`prometheus ${path}: ${body.error ?? response.status}`);
      return body.data;
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    await this.exit;
    rmSync(this.dir, { recursive: true, force: true });
  }
}
