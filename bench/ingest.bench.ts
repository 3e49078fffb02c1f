/**
 * Issue 4: one group's returns workbook of 300,000 values (150 areas × 500 indicators × the 4 quarters of a
 * financial year), uploaded through the real API, against its two unavoidable parts measured alone.
 *
 *   npm run bench:ingest
 *
 * It measures, for each of RUNS financial years (a first return for each, so every upload does the
 * same work; the workbooks differ only in their period and values)
 *   (a) the end-to-end upload: a real API process (and, as the file is above the queue threshold, a real
 *       worker) on a freshly migrated database and queue prefix of its own, from the multipart POST to the
 *       moment the worker records the accepted outcome (the job's finishedAt, the same machine's clock),
 *       and the API's peak RSS (VmHWM);
 *   (b) the streaming parse alone: readXlsxRows over the same file, in this process;
 *   (c) a bare COPY of the same 300,000 rows into a plain table (no keys, no constraints).
 * On two cores each of these varies by ±10% from run to run, so the result is the median of each over
 * the runs (every run is printed too). Goal: (a) ≤ 1.5 × ((b) + (c)) and the API's peak RSS under 400 MB.
 *
 * Prints readable lines, then as the last line one JSON object:
 * {"values":300000,"upload_s":…,"parse_s":…,"copy_s":…,"ratio":…,"api_peak_rss_mb":…}
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { PassThrough } from 'node:stream';
import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { disableAllocationSitePretenuring } from '../libs/common/index.js';
import { AccessModule, AccessService, systemActor } from '../libs/access/index.js';
import { ConfigModule, loadConfig, type AppConfig } from '../libs/config/index.js';
import { copyInto, copyText, DatabaseModule, inPieces } from '../libs/database/index.js';
import { financialYear, formatPeriod, quartersOf, type Period } from '../libs/periods/index.js';
import { INSTRUCTIONS_SHEET, RETURN_COLUMNS } from '../libs/returns/index.js';
import { readXlsxRows, uploadLimits } from '../libs/spreadsheets/index.js';
import {
  clearQueues,
  line,
  onServer,
  processMemory,
  random,
  seconds,
  createMigratedDatabase,
  freePort,
  startProcess,
  stopProcess,
  until,
  urlFor,
  uuid,
  type Child,
} from './support.js';

export const INDICATORS = 500;
export const AREAS = 150;
/** One upload per year, each a first return for its period. */
export const YEARS: readonly Period[] = [2024, 2025, 2026].map(financialYear);
const QUARTERS_PER_YEAR = 4;
export const VALUES = INDICATORS * AREAS * QUARTERS_PER_YEAR;
export const GROUP_CODE = 'BENCH-LG';
const HOME_CODE = 'E10000019';
const ADMIN_EMAIL = 'bench.admin@bench.example';
const ADMIN_PASSWORD = 'bench ingest correct horse battery staple';
const JOB_TIMEOUT_MS = 10 * 60_000;

type Unit = 'percentage' | 'rate_per_10000' | 'count' | 'score';
interface IndicatorSpec {
  id: string;
  code: string;
  title: string;
  unit: Unit;
}
interface AreaSpec {
  id: string;
  code: string;
  name: string;
}

const indicators: IndicatorSpec[] = Array.from({ length: INDICATORS }, (_, i) => ({
  id: uuid(1, i),
  code: `BI${String(i).padStart(4, '0')}`,
  title: `Benchmark indicator ${i}`,
  unit: (['percentage', 'percentage', 'rate_per_10000', 'count', 'score'] as const)[i % 5]!,
}));
const areas: AreaSpec[] = Array.from({ length: AREAS }, (_, a) => ({
  id: uuid(3, a),
  code: a === 0 ? HOME_CODE : `BL${String(a).padStart(4, '0')}`,
  name: a === 0 ? 'Home authority' : `Locality ${a}`,
}));

interface Value {
  value: number;
  numerator: number | null;
  denominator: number | null;
}

/** Every value of the year's return, in sheet order; valid by construction (a ratio agrees with its value). */
function* values(year: Period): Generator<{ indicator: IndicatorSpec; area: AreaSpec; period: Period } & Value> {
  const next = random(Number(year.start.replaceAll('-', '')));
  const quarters = quartersOf(year);
  for (const indicator of indicators) {
    for (const area of areas) {
      for (const period of quarters) {
        let v: Value;
        if (indicator.unit === 'percentage') {
          const denominator = 100 + Math.floor(next() * 400);
          const numerator = Math.floor(next() * denominator);
          v = { value: Math.round((numerator / denominator) * 1000) / 10, numerator, denominator };
        } else if (indicator.unit === 'rate_per_10000') {
          const denominator = 5000 + Math.floor(next() * 20000);
          const numerator = Math.floor(next() * 200);
          v = { value: Math.round((numerator / denominator) * 100000) / 10, numerator, denominator };
        } else if (indicator.unit === 'count') {
          v = { value: Math.floor(next() * 500), numerator: null, denominator: null };
        } else {
          v = { value: Math.round((next() - 0.3) * 1000) / 100, numerator: null, denominator: null };
        }
        yield { indicator, area, period, ...v };
      }
    }
  }
}

/** A filled returns template, as Excel saves it (shared strings): the columns a data officer sees. */
export async function buildWorkbook(year: Period): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: true, useStyles: false });
  const sheet = workbook.addWorksheet('Returns');
  // The template's columns up to Commentary, with its headers.
  const columns = RETURN_COLUMNS.slice(
    0,
    RETURN_COLUMNS.findIndex((c) => c.key === 'commentary'),
  );
  sheet.addRow(columns.map((c) => c.header)).commit();
  const labels = new Map<Period, string>();
  for (const v of values(year)) {
    if (!labels.has(v.period)) labels.set(v.period, formatPeriod(v.period));
    sheet
      .addRow([
        v.indicator.code,
        v.indicator.title,
        v.area.code,
        v.area.name,
        labels.get(v.period)!,
        v.indicator.unit,
        v.value,
        v.numerator,
        v.denominator,
        'actual',
      ])
      .commit();
  }
  sheet.commit();
  await workbook.commit();
  return Buffer.concat(chunks);
}

// ---- database ---------------------------------------------------------------------------------

/** The catalogue the returns are checked against: the areas, the indicators and one group owning them all for each year. */
export async function seedCatalogue(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const planId = uuid(9, 0);
    const priorityId = uuid(8, 0);
    const groupId = uuid(2, 0);
    await client.query(
      `INSERT INTO plan (id, code, title, start_year, end_year) VALUES ($1, 'BENCH', 'Benchmark plan', 2024, 2026)`,
      [planId],
    );
    await client.query(`INSERT INTO priority (id, plan_id, code, title) VALUES ($1, $2, 'BP1', 'Benchmark priority')`, [
      priorityId,
      planId,
    ]);
    await client.query(
      `INSERT INTO partnership_group (id, code, name, kind) VALUES ($1, $2, 'Benchmark lead group', 'lead_group')`,
      [groupId, GROUP_CODE],
    );
    await copyInto(
      client,
      'area',
      ['id', 'code', 'name', 'kind', 'parent_code', 'is_home'],
      areas.map((a, i) =>
        i === 0
          ? [a.id, a.code, a.name, 'local_authority', null, true]
          : [a.id, a.code, a.name, 'locality', HOME_CODE, false],
      ),
    );
    await copyInto(
      client,
      'indicator',
      [
        'id',
        'code',
        'title',
        'unit',
        'decimal_places',
        'polarity',
        'frequency',
        'roll_up',
        'reported_by_area',
        'priority_id',
      ],
      indicators.map((s) => [
        s.id,
        s.code,
        s.title,
        s.unit,
        s.unit === 'count' ? 0 : s.unit === 'score' ? 2 : 1,
        'higher_is_better',
        'quarterly',
        s.unit === 'count' ? 'sum' : 'recompute',
        true,
        priorityId,
      ]),
    );
    // Target n is indicator n % INDICATORS for year ⌊n / INDICATORS⌋.
    const targets = YEARS.flatMap((year) => indicators.map((indicator) => ({ year, indicator })));
    await copyInto(
      client,
      'target',
      ['id', 'indicator_id', 'period_type', 'period_start', 'period_end'],
      targets.map(({ year, indicator }, n) => [uuid(4, n), indicator.id, year.type, year.start, year.end]),
    );
    await copyInto(
      client,
      'target_version',
      [
        'id',
        'target_id',
        'version',
        'value',
        'tolerance_kind',
        'tolerance_amount',
        'exceptional_kind',
        'exceptional_amount',
      ],
      targets.map((_, n) => [uuid(5, n), uuid(4, n), 1, 50, 'absolute', 2, 'absolute', 5]),
    );
    await copyInto(
      client,
      'target_ownership',
      ['target_id', 'group_id', 'changed_by'],
      targets.map((_, n) => [uuid(4, n), groupId, 'bench']),
    );
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
}

@Module({})
class AdminModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: AdminModule, imports: [ConfigModule.forRoot(config), DatabaseModule, AccessModule] };
  }
}

export async function createAdmin(config: AppConfig): Promise<void> {
  const app = await NestFactory.createApplicationContext(AdminModule.forRoot(config), { logger: ['error', 'warn'] });
  try {
    await app
      .get(AccessService)
      .createUser(
        { email: ADMIN_EMAIL, displayName: 'Benchmark admin', role: 'admin', password: ADMIN_PASSWORD },
        systemActor('bench'),
      );
  } finally {
    await app.close();
  }
}

// ---- (b) and (c) ------------------------------------------------------------------------------

export async function parseAlone(content: Buffer): Promise<{ seconds: number; rows: number }> {
  const started = performance.now();
  let rows = 0;
  for await (const row of readXlsxRows(content, {
    fileName: 'bench.xlsx',
    limits: uploadLimits(),
    sheets: (name) => name !== INSTRUCTIONS_SHEET,
  })) {
    if (row.cells.length > 0) rows += 1;
  }
  return { seconds: seconds(started), rows };
}

const BENCH_COPY_COLUMNS = [
  'return_id',
  'indicator_id',
  'area_id',
  'period_type',
  'period_start',
  'period_end',
  'value',
  'numerator',
  'denominator',
  'status',
  'suppression_marker',
  'commentary',
];

/** The same rows as return_value holds them, into a table without keys or constraints. */
export async function copyAlone(databaseUrl: string, year: Period): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`
      CREATE TABLE bench_copy (
        return_id uuid, indicator_id uuid, area_id uuid, period_type text, period_start date, period_end date,
        value numeric, numerator numeric, denominator numeric, status text, suppression_marker text, commentary text)`);
    const returnId = uuid(7, 0);
    const started = performance.now();
    await client.query('BEGIN');
    await copyText(
      client,
      'bench_copy',
      BENCH_COPY_COLUMNS,
      inPieces(
        (function* () {
          for (const v of values(year)) {
            yield (
              `${returnId}\t${v.indicator.id}\t${v.area.id}\t${v.period.type}\t${v.period.start}\t${v.period.end}\t` +
              `${v.value}\t${v.numerator ?? '\\N'}\t${v.denominator ?? '\\N'}\tactual\t\\N\t\\N\n`
            );
          }
        })(),
      ),
    );
    await client.query('COMMIT');
    const took = seconds(started);
    await client.query(`DROP TABLE bench_copy`);
    return took;
  } finally {
    await client.end();
  }
}

async function countCurrentValues(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(`SELECT count(*)::int AS count FROM current_value`)).rows[0].count as number;
  } finally {
    await client.end();
  }
}

// ---- (a) --------------------------------------------------------------------------------------

interface UploadResult {
  seconds: number;
  status: number;
  outcome: { outcome: string; rowCount?: number; problemCount?: number; problems?: unknown[] };
  /** When queued: seconds to the 202, and from the job's creation to its end (BullMQ's clock). */
  queued: { answeredSeconds: number; jobSeconds: number } | null;
}

async function signIn(base: string): Promise<Record<string, string>> {
  const response = await fetch(`${base}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
  });
  if (response.status !== 200) throw new Error(`sign-in answered ${response.status}: ${await response.text()}`);
  const { token } = (await response.json()) as { token: string };
  return { authorization: `Bearer ${token}` };
}

/**
 * Waits until no queue has a job waiting or running: an accepted return sets off the exceptions
 * evaluation of what it touched, which must not overlap the next run's measurements.
 */
async function queuesIdle(base: string, auth: Record<string, string>): Promise<void> {
  await until('the queues to go idle', JOB_TIMEOUT_MS, 100, async () => {
    const queues = (await (await fetch(`${base}/api/jobs`, { headers: auth })).json()) as {
      counts: Record<string, number>;
    }[];
    // Not 'delayed': the nightly and daily schedules always hold their next run there.
    const busy = queues.some(({ counts }) => counts.waiting! + counts.active! + counts.prioritized! > 0);
    return busy ? null : true;
  });
}

async function uploadThroughApi(
  base: string,
  auth: Record<string, string>,
  year: Period,
  content: Buffer,
  children: Child[],
): Promise<UploadResult> {
  const form = new FormData();
  form.append('group', GROUP_CODE);
  form.append('period', formatPeriod(year));
  form.append('file', new Blob([content]), 'bench-return.xlsx');
  const started = performance.now();
  const startedAt = Date.now();
  const response = await fetch(`${base}/api/returns`, { method: 'POST', headers: auth, body: form });
  const body = (await response.json()) as Record<string, unknown>;
  const answeredSeconds = seconds(started);
  if (response.status !== 202) {
    return {
      seconds: answeredSeconds,
      status: response.status,
      outcome: body as UploadResult['outcome'],
      queued: null,
    };
  }
  const jobId = String(body.jobId);
  // Polled gently (each poll is work for the API on a machine the worker needs), and timed by when
  // the worker recorded the outcome, which the next poll of any client reads: not by the poll.
  const job = await until('the returns job', JOB_TIMEOUT_MS, 250, async () => {
    for (const child of children) {
      if (child.process.exitCode !== null) throw new Error(`the ${child.name} exited (${child.process.exitCode})`);
    }
    const poll = await fetch(`${base}/api/returns/jobs/${encodeURIComponent(jobId)}`, { headers: auth });
    const state = (await poll.json()) as {
      state: string;
      result: UploadResult['outcome'];
      failedReason?: string;
      createdAt: string;
      finishedAt: string | null;
    };
    return state.state === 'completed' || state.state === 'failed' ? state : null;
  });
  if (job.state === 'failed') throw new Error(`the returns job failed: ${job.failedReason}`);
  const finishedAt = Date.parse(job.finishedAt ?? '');
  const jobSeconds = (finishedAt - Date.parse(job.createdAt)) / 1000;
  return {
    seconds: (finishedAt - startedAt) / 1000,
    status: response.status,
    outcome: job.result,
    queued: { answeredSeconds, jobSeconds },
  };
}

// ---- main -------------------------------------------------------------------------------------

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function main(): Promise<void> {
  // The parse alone (b) runs in this process: as the API and worker run it (apps/*/src/main.ts).
  disableAllocationSitePretenuring();
  const base = loadConfig(process.env);
  const suffix = randomBytes(4).toString('hex');
  const database = `cypp_bench_ingest_${suffix}`;
  const config: AppConfig = {
    ...base,
    databaseUrl: urlFor(base.databaseUrl, database),
    queuePrefix: `bench-ingest-${suffix}`,
  };
  const children: Child[] = [];
  let created = false;
  let cleaned: Promise<void> | null = null;
  const cleanUp = (): Promise<void> =>
    (cleaned ??= (async () => {
      for (const child of children) await stopProcess(child);
      await clearQueues(base.redisUrl, config.queuePrefix).catch((error: unknown) => console.error(error));
      if (created) await onServer(base.databaseUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`${signal}: stopping the API and worker and dropping ${database}`);
      void cleanUp().finally(() => process.exit(130));
    });
  }
  try {
    let started = performance.now();
    await createMigratedDatabase(base.databaseUrl, database);
    created = true;
    await seedCatalogue(config.databaseUrl);
    await createAdmin(config);
    line(
      `Database ${database}: migrated, ${INDICATORS} indicators × ${AREAS} areas owned by ${GROUP_CODE} for ` +
        `${YEARS.map(formatPeriod).join(', ')}, one admin (${seconds(started).toFixed(1)} s)`,
    );

    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: config.databaseUrl,
      QUEUE_PREFIX: config.queuePrefix,
      PORT: String(port),
    };
    const api = startProcess('API', 'dist/apps/api/src/main.js', env);
    children.push(api);
    const worker = startProcess('worker', 'dist/apps/worker/src/main.js', env);
    children.push(worker);
    const url = `http://127.0.0.1:${port}`;
    await until('the API to answer /health', 60_000, 100, async () => {
      if (api.process.exitCode !== null) throw new Error(`the API exited (${api.process.exitCode})`);
      return (await fetch(`${url}/health`)).ok ? true : null;
    });
    await until('the worker to start', 60_000, 100, async () =>
      worker.output.some((text) => text.includes('Worker consuming queues')) ? true : null,
    );
    const apiBefore = await processMemory(api.process.pid!);
    line(`API (pid ${api.process.pid}) and worker (pid ${worker.process.pid}) up; API RSS ${apiBefore.rssMb} MB idle`);

    const auth = await signIn(url);
    const runs: { upload: number; parse: number; copy: number }[] = [];
    for (const year of YEARS) {
      line(`--- ${formatPeriod(year)} ---`);
      started = performance.now();
      const content = await buildWorkbook(year);
      line(
        `Workbook: ${VALUES.toLocaleString('en-GB')} values (${INDICATORS} indicators × ${AREAS} areas × ${QUARTERS_PER_YEAR} quarters), ` +
          `${(content.length / 1024 / 1024).toFixed(1)} MB (${seconds(started).toFixed(1)} s to generate)`,
      );
      global.gc?.();
      const parse = await parseAlone(content);
      if (parse.rows !== VALUES + 1) throw new Error(`the parse read ${parse.rows} rows, not ${VALUES + 1}`);
      line(`(b) Streaming parse alone (readXlsxRows, in process): ${parse.seconds.toFixed(2)} s`);
      global.gc?.();
      const copy = await copyAlone(config.databaseUrl, year);
      line(`(c) Bare COPY of ${VALUES.toLocaleString('en-GB')} rows into a plain table: ${copy.toFixed(2)} s`);
      global.gc?.();

      const before = await countCurrentValues(config.databaseUrl);
      const upload = await uploadThroughApi(url, auth, year, content, children);
      if (upload.outcome.outcome !== 'accepted' || upload.outcome.rowCount !== VALUES) {
        throw new Error(
          `the upload was not accepted whole (HTTP ${upload.status}): ${JSON.stringify(upload.outcome).slice(0, 2000)}`,
        );
      }
      const count = (await countCurrentValues(config.databaseUrl)) - before;
      if (count !== VALUES) throw new Error(`current_value gained ${count} values, not ${VALUES}`);
      line(
        `(a) Upload through the API: ${upload.seconds.toFixed(2)} s to ${upload.outcome.outcome} with ` +
          `${upload.outcome.rowCount.toLocaleString('en-GB')} rows` +
          (upload.queued
            ? ` (queued: 202 after ${upload.queued.answeredSeconds.toFixed(2)} s, the worker's job took ${upload.queued.jobSeconds.toFixed(2)} s)`
            : ` (answered in the request, HTTP ${upload.status})`),
      );
      line(`Ratio (a) ÷ ((b) + (c)) = ${(upload.seconds / (parse.seconds + copy)).toFixed(2)}`);
      started = performance.now();
      await queuesIdle(url, auth);
      line(`The exceptions evaluation the return set off ended ${seconds(started).toFixed(1)} s after it was accepted`);
      runs.push({ upload: upload.seconds, parse: parse.seconds, copy });
    }

    const apiMemory = await processMemory(api.process.pid!);
    const workerMemory = await processMemory(worker.process.pid!);
    const upload = median(runs.map((r) => r.upload));
    const parse = median(runs.map((r) => r.parse));
    const copy = median(runs.map((r) => r.copy));
    const ratio = upload / (parse + copy);
    line(`--- median of ${runs.length} runs ---`);
    line(`(a) ${upload.toFixed(2)} s, (b) ${parse.toFixed(2)} s, (c) ${copy.toFixed(2)} s`);
    line(`Peak RSS: API ${apiMemory.peakMb} MB, worker ${workerMemory.peakMb} MB (goal for the API: < 400 MB)`);
    line(`Ratio (a) ÷ ((b) + (c)) = ${ratio.toFixed(2)} (goal ≤ 1.5)`);
    console.log(
      JSON.stringify({
        values: VALUES,
        upload_s: Number(upload.toFixed(2)),
        parse_s: Number(parse.toFixed(2)),
        copy_s: Number(copy.toFixed(2)),
        ratio: Number(ratio.toFixed(2)),
        api_peak_rss_mb: apiMemory.peakMb,
      }),
    );
  } catch (error) {
    for (const child of children) {
      if (child.output.length) console.error(`--- last output of the ${child.name} ---\n${child.output.join('\n')}`);
    }
    throw error;
  } finally {
    await cleanUp();
  }
}

// Run when started as a script; profiling scripts import the pieces above.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
