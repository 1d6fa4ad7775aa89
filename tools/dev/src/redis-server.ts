import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

/**
 * A Redis for tests and `npm start`: the one at REDIS_URL (or 127.0.0.1:6379) when it answers,
 * otherwise a private `redis-server` on a free port that stops with its owner. Fault tests use
 * `PrivateRedis` directly to stop and restart it.
 */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** Whether something answers PING at `url` (a NOAUTH reply counts: a Redis is there). */
export function pingRedis(url: string, timeoutMs = 500): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname || '127.0.0.1', port: Number(port || 6379) });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('*1\r\n$4\r\nPING\r\n'));
    socket.on('data', (data) => done(/^(\+PONG|-NOAUTH)/.test(data.toString())));
  });
}

export function redisServerInstalled(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

export const INSTALL_HINT =
  'redis-server is not installed. Install it (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis) or set REDIS_URL to a running Redis.';

export interface PrivateRedisOptions {
  port?: number;
  /** Append-only persistence, so jobs survive a restart (fault tests). */
  appendOnly?: boolean;
}

export class PrivateRedis {
  private process: ChildProcess | undefined;
  private readonly dir = mkdtempSync(join(tmpdir(), 'ocr-pool-redis-'));

  private constructor(
    readonly port: number,
    private readonly options: PrivateRedisOptions,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(options: PrivateRedisOptions = {}): Promise<PrivateRedis> {
    if (!redisServerInstalled()) throw new Error(INSTALL_HINT);
    const redis = new PrivateRedis(options.port ?? (await freePort()), options);
    await redis.start();
    return redis;
  }

  /** Starts (or restarts after `stop`) the server on the same port and data folder. */
  async start(): Promise<void> {
    const args = [
      '--port',
      String(this.port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--dir',
      this.dir,
      '--appendonly',
      this.options.appendOnly ? 'yes' : 'no',
      '--appendfsync',
      'always',
      '--maxmemory-policy',
      'noeviction',
      '--logfile',
      join(this.dir, 'redis.log'),
    ];
    const child = spawn('redis-server', args, { stdio: 'ignore' });
    this.process = child;
    child.unref();
    for (let i = 0; i < 100; i++) {
      if (await pingRedis(this.url, 200)) return;
      if (child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`redis-server did not start on port ${this.port} (log: ${join(this.dir, 'redis.log')})`);
  }

  /** Stops the server (SIGTERM, or SIGKILL to simulate a crash) and waits for it to exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (!child || child.exitCode !== null) return;
    // The child is unref'd so it never keeps its owner alive; while we wait for it, it must.
    child.ref();
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill(signal);
      child.kill('SIGCONT'); // a paused server acts on the signal only once it runs again
    });
  }

  /** Freezes the server (SIGSTOP): connections stay open and nothing answers, like a stalled Redis. */
  pause(): void {
    this.process?.kill('SIGSTOP');
  }

  resume(): void {
    this.process?.kill('SIGCONT');
  }

  /** Stops the server and removes its data folder. */
  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface RedisHandle {
  url: string;
  /** A server this process started (and stops in `close`). */
  private: boolean;
  close(): Promise<void>;
}

export async function ensureRedis(url: string = DEFAULT_REDIS_URL): Promise<RedisHandle> {
  if (await pingRedis(url)) return { url, private: false, close: () => Promise.resolve() };
  const redis = await PrivateRedis.start();
  return { url: redis.url, private: true, close: () => redis.destroy() };
}
