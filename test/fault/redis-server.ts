import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A free TCP port on the loopback interface. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * A Redis of the test's own (never the shared one on 6379), which the test stops, starts and freezes.
 * `persistent`: append-only file in a temporary directory, as the compose file runs it.
 */
export class TestRedis {
  private process: ChildProcess | undefined;

  private constructor(
    readonly port: number,
    readonly persistent: boolean,
    private readonly dir: string,
  ) {}

  static async start(persistent: boolean): Promise<TestRedis> {
    const dir = await mkdtemp(path.join(tmpdir(), 'cypp-redis-'));
    const redis = new TestRedis(await freePort(), persistent, dir);
    await redis.up();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts the server (again, on the same port and directory) and waits until it accepts connections. */
  async up(): Promise<void> {
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        this.persistent ? 'yes' : 'no',
        '--dir',
        this.dir,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    this.process = child;
    await new Promise<void>((resolve, reject) => {
      let output = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${output}`)));
    });
  }

  /** Stops the server as an operator's restart would (SIGTERM: an append-only file is flushed first). */
  async down(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    this.process = undefined;
  }

  /** Redis keeps its connections but answers nothing (kill -STOP). */
  freeze(): void {
    this.process?.kill('SIGSTOP');
  }

  thaw(): void {
    this.process?.kill('SIGCONT');
  }

  async close(): Promise<void> {
    this.thaw();
    await this.down();
    await rm(this.dir, { recursive: true, force: true });
  }
}
