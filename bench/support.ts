/** What the benchmarks share: scratch databases, child processes, their memory, and waiting. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import pg from 'pg';
import { runMigrations } from '../libs/database/index.js';

export const seconds = (from: number): number => (performance.now() - from) / 1000;
export const line = (text: string): void => console.log(text);

/** A valid v4-shaped UUID from two numbers, so generated rows can refer to each other without lookups. */
export const uuid = (prefix: number, n: number): string =>
  `${prefix.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/** Deterministic (mulberry32), so every run generates the same data. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The columns the benchmarks fill when they write accepted returns straight into indicator_return. */
export const INDICATOR_RETURN_COLUMNS = [
  'id',
  'group_id',
  'period_type',
  'period_start',
  'period_end',
  'file_name',
  'sha256',
  'byte_size',
  'source',
  'submitted_by',
  'submitted_by_kind',
  'received_at',
  'outcome',
  'row_count',
] as const;

/** The same server as `databaseUrl`, another database. */
export function urlFor(databaseUrl: string, database: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Runs `work` on the server's maintenance database (to create and drop scratch databases). */
export async function onServer<R>(databaseUrl: string, work: (client: pg.Client) => Promise<R>): Promise<R> {
  const client = new pg.Client({ connectionString: urlFor(databaseUrl, 'postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates `database` as a clone of a freshly migrated template (dropped again), as the tests do. */
export async function createMigratedDatabase(databaseUrl: string, database: string): Promise<void> {
  const template = `${database}_template`;
  await onServer(databaseUrl, (c) => c.query(`CREATE DATABASE ${template}`));
  try {
    await runMigrations(urlFor(databaseUrl, template));
    await onServer(databaseUrl, (c) => c.query(`CREATE DATABASE ${database} TEMPLATE ${template}`));
  } finally {
    await onServer(databaseUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`));
  }
}

export interface Child {
  readonly name: string;
  readonly process: ChildProcess;
  /** The last lines it wrote, shown when something fails. */
  readonly output: string[];
}

/** Starts a built entry point (e.g. dist/apps/worker/src/main.js) as a child process. */
export function startProcess(name: string, script: string, env: NodeJS.ProcessEnv): Child {
  const child = spawn(process.execPath, [script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const keep = (chunk: Buffer): void => {
    output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    output.splice(0, Math.max(0, output.length - 40));
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return { name, process: child, output };
}

export async function stopProcess(child: Child): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.process.once('exit', () => resolve()));
  child.process.kill('SIGTERM');
  const timer = setTimeout(() => child.process.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Peak (VmHWM) and current (VmRSS) resident set of a process in MB, from /proc (Linux). */
export async function processMemory(pid: number): Promise<{ peakMb: number; rssMb: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { peakMb: Math.round(field('VmHWM') / 1024), rssMb: Math.round(field('VmRSS') / 1024) };
}

/** Polls `probe` until it answers (not null), at most `timeoutMs`; a probe that throws counts as "not yet". */
export async function until<T>(
  what: string,
  timeoutMs: number,
  intervalMs: number,
  probe: () => Promise<T | null>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = null;
  for (;;) {
    const result = await probe().catch((error: unknown) => {
      lastError = error;
      return null;
    });
    if (result !== null) return result;
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}${lastError ? `: ${(lastError as Error).message}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Deletes every BullMQ key under the bench's own prefix. */
export async function clearQueues(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** A TCP port nothing listens on now, for a child API. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
