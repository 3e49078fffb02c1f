import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { AppConfig } from '../../libs/config/index.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The real worker (apps/worker/src/main.ts) in a child process of its own, which a test may SIGKILL. */
export class WorkerProcess {
  private constructor(private readonly child: ChildProcess) {}

  /** Starts the worker on `config`'s database, Redis and queue prefix; resolves once it consumes jobs. */
  static async start(config: AppConfig): Promise<WorkerProcess> {
    const child = spawn(process.execPath, ['--import', './test/fault/register-ts.mjs', 'apps/worker/src/main.ts'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        DATABASE_URL: config.databaseUrl,
        REDIS_URL: config.redisUrl,
        QUEUE_PREFIX: config.queuePrefix,
        STORAGE_PATH: config.storagePath,
        JOB_LOCK_MS: String(config.jobLockMs),
        RECONCILE_INTERVAL_MS: String(config.reconcileIntervalMs),
        REDIS_COMMAND_TIMEOUT_MS: String(config.redisCommandTimeoutMs),
      },
    });
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Worker consuming queues')) resolve();
      };
      child.stdout!.on('data', read);
      child.stderr!.on('data', read);
      child.once('exit', (code) => reject(new Error(`the worker exited (${code}) before starting:\n${output}`)));
    });
    return new WorkerProcess(child);
  }

  /** Kills the worker at once, as a crash or an out-of-memory kill would. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  async stop(): Promise<void> {
    await this.signal('SIGTERM');
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill(signal);
    await exited;
  }
}
