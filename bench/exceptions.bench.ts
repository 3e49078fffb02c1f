/**
 * Exception engine at scale: 500 indicators × 150 areas × 13 quarters ≈ 1,000,000 current values.
 * Creates its own database (a clone of a freshly migrated template), bulk-loads the values with COPY, times a
 * full rebuild and then the incremental re-evaluation after one group's return for one period, and drops the
 * database. Goals on a 2-core machine: rebuild < 60 s, incremental < 1 s.
 *
 *   npm run bench:exceptions
 *
 * Prints readable lines, then as the last line one JSON object:
 * {"values":…,"rebuild_s":…,"incremental_s":…,"exceptions":…}
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { systemActor } from '../libs/access/index.js';
import { Clock, disableAllocationSitePretenuring } from '../libs/common/index.js';
import { ConfigModule, loadConfig, type AppConfig } from '../libs/config/index.js';
import { copyInto, DatabaseModule, runMigrations, type CopyCell } from '../libs/database/index.js';
import { ExceptionEvaluator, ExceptionsModule, type EvaluationSummary } from '../libs/exceptions/index.js';
import { periodKey, quarter, type Period } from '../libs/periods/index.js';
import { QueueModule, QueueName, QueueService } from '../libs/queue/index.js';
import { ReturnsModule, ReturnsStore, type ReturnRow } from '../libs/returns/index.js';
import { INDICATOR_RETURN_COLUMNS, onServer, random, urlFor, uuid } from './support.js';

const INDICATORS = 500;
const AREAS = 150;
const GROUPS = 20;
/** 2023-24 Q1 to 2026-27 Q1. */
const QUARTERS: Period[] = Array.from({ length: 13 }, (_, i) => quarter(2023 + Math.floor(i / 4), (i % 4) + 1));
const FINANCIAL_YEARS = [2023, 2024, 2025, 2026];
/** After the 2026-27 Q1 deadline, so every return is due and none is missing. */
const NOW = new Date('2026-07-20T09:00:00Z');

class FixedClock extends Clock {
  now(): Date {
    return new Date(NOW);
  }
}

interface IndicatorSpec {
  id: string;
  code: string;
  unit: 'percentage' | 'rate_per_1000' | 'count';
  polarity: 'higher_is_better' | 'lower_is_better';
  rollUp: 'recompute' | 'sum';
  cumulative: boolean;
  target: number;
  groupIndex: number;
  hasEngland: boolean;
}

function indicatorSpecs(): IndicatorSpec[] {
  return Array.from({ length: INDICATORS }, (_, i) => {
    const kind = i % 5;
    const base = { id: uuid(1, i), code: `B${String(i).padStart(4, '0')}`, groupIndex: i % GROUPS };
    if (kind <= 2) {
      return {
        ...base,
        unit: 'percentage',
        polarity: kind === 2 ? 'lower_is_better' : 'higher_is_better',
        rollUp: 'recompute',
        cumulative: false,
        target: kind === 2 ? 20 : 70,
        hasEngland: i % 25 === 0,
      };
    }
    if (kind === 3)
      return {
        ...base,
        unit: 'rate_per_1000',
        polarity: 'lower_is_better',
        rollUp: 'recompute',
        cumulative: false,
        target: 15,
        hasEngland: false,
      };
    return {
      ...base,
      unit: 'count',
      polarity: 'higher_is_better',
      rollUp: 'sum',
      cumulative: true,
      target: 120,
      hasEngland: false,
    };
  });
}

interface Generated {
  value: number;
  numerator: number | null;
  denominator: number | null;
}

/** One value of a series: the area's level around the target, a gentle trend and noise; a few impossible percentages. */
function generate(
  spec: IndicatorSpec,
  next: () => number,
  level: number,
  slope: number,
  q: number,
  cumulativeSoFar: number,
): Generated {
  const noise = (next() - 0.5) * 2;
  if (spec.unit === 'percentage') {
    const denominator = 100 + Math.floor(next() * 300);
    let p = Math.min(99, Math.max(1, level + slope * q + noise * 4));
    if (next() < 0.001) p = 101 + next() * 4;
    const numerator = Math.round((denominator * p) / 100);
    return { value: Math.round((numerator / denominator) * 1000) / 10, numerator, denominator };
  }
  if (spec.unit === 'rate_per_1000') {
    const denominator = 2000 + Math.floor(next() * 8000);
    const rate = Math.max(0.5, level + slope * q + noise * 2);
    const numerator = Math.round((denominator * rate) / 1000);
    return { value: Math.round((numerator / denominator) * 10000) / 10, numerator, denominator };
  }
  const inQuarter = Math.max(0, Math.round(level / 4 + noise * 6));
  return { value: cumulativeSoFar + inQuarter, numerator: null, denominator: null };
}

async function seed(
  databaseUrl: string,
  specs: IndicatorSpec[],
): Promise<{ values: number; areaIds: string[]; groupIds: string[] }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const copy = (table: string, columns: readonly string[], rows: Iterable<CopyCell[]>): Promise<void> =>
    copyInto(client, table, columns, rows);
  try {
    await client.query(
      `INSERT INTO plan (id, code, title, start_year, end_year) VALUES ($1, 'BENCH', 'Benchmark plan', 2023, 2026)`,
      [uuid(9, 0)],
    );
    await client.query(
      `INSERT INTO priority (id, plan_id, code, title) SELECT ('00000008-0000-4000-8000-' || lpad(to_hex(n), 12, '0'))::uuid, $1, 'P' || n, 'Priority ' || n FROM generate_series(0, 4) n`,
      [uuid(9, 0)],
    );
    const groupIds = Array.from({ length: GROUPS }, (_, g) => uuid(2, g));
    await copy(
      'partnership_group',
      ['id', 'code', 'name', 'kind'],
      groupIds.map((id, g) => [id, `G${g}`, `Lead group ${g}`, 'lead_group']),
    );
    const areaIds = Array.from({ length: AREAS }, (_, a) => uuid(3, a));
    await copy(
      'area',
      ['id', 'code', 'name', 'kind', 'is_home'],
      [
        ...areaIds.map((id, a): CopyCell[] => [
          id,
          a === 0 ? 'E10000019' : `L${a}`,
          a === 0 ? 'Home authority' : `Locality ${a}`,
          a === 0 ? 'local_authority' : 'locality',
          a === 0,
        ]),
        [uuid(3, 9999), 'E92000001', 'England', 'country', false],
      ],
    );
    await copy(
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
        'cumulative_ytd',
        'priority_id',
      ],
      specs.map((s, i) => [
        s.id,
        s.code,
        `Benchmark indicator ${i}`,
        s.unit,
        s.unit === 'count' ? 0 : 1,
        s.polarity,
        'quarterly',
        s.rollUp,
        s.cumulative,
        uuid(8, i % 5),
      ]),
    );
    const targets: CopyCell[][] = [];
    const versions: CopyCell[][] = [];
    const owners: CopyCell[][] = [];
    specs.forEach((s, i) => {
      FINANCIAL_YEARS.forEach((fy, f) => {
        const id = uuid(4, i * 10 + f);
        targets.push([id, s.id, 'financial_year', `${fy}-04-01`, `${fy + 1}-03-31`]);
        const relative = s.unit !== 'percentage';
        versions.push([
          uuid(5, i * 10 + f),
          id,
          1,
          s.target,
          relative ? 'relative' : 'absolute',
          relative ? 0.1 : 3,
          relative ? 'relative' : 'absolute',
          relative ? 0.25 : 8,
        ]);
        owners.push([id, uuid(2, s.groupIndex), 'bench']);
      });
    });
    await copy('target', ['id', 'indicator_id', 'period_type', 'period_start', 'period_end'], targets);
    await copy(
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
      versions,
    );
    await copy('target_ownership', ['target_id', 'group_id', 'changed_by'], owners);

    const returnId = (g: number, q: number): string => uuid(6, g * 100 + q);
    const returns: CopyCell[][] = [];
    groupIds.forEach((groupId, g) =>
      QUARTERS.forEach((period, q) => {
        returns.push([
          returnId(g, q),
          groupId,
          period.type,
          period.start,
          period.end,
          `bench-${g}-${q}.csv`,
          randomBytes(32).toString('hex'),
          1000,
          'seed',
          'bench',
          'system',
          `${period.end}T12:00:00Z`,
          'accepted',
          (INDICATORS / GROUPS) * AREAS,
        ]);
      }),
    );
    await copy('indicator_return', INDICATOR_RETURN_COLUMNS, returns);

    let values = 0;
    const rows = function* (): Generator<CopyCell[]> {
      for (const [i, s] of specs.entries()) {
        const next = random(i + 1);
        for (const areaId of areaIds) {
          const level = s.target * (1 + (next() - 0.5) * 0.2);
          const slope = (next() - 0.5) * (s.unit === 'count' ? 0 : 0.8);
          let cumulative = 0;
          for (const [q, period] of QUARTERS.entries()) {
            if (period.start.slice(5, 7) === '04') cumulative = 0;
            const v = generate(s, next, level, slope, q, cumulative);
            if (s.cumulative) cumulative = v.value;
            values += 1;
            yield [
              s.id,
              areaId,
              period.type,
              period.start,
              period.end,
              v.value,
              v.numerator,
              v.denominator,
              'actual',
              returnId(s.groupIndex, q),
              `${period.end}T12:00:00Z`,
            ];
          }
        }
      }
    };
    await copy(
      'current_value',
      [
        'indicator_id',
        'area_id',
        'period_type',
        'period_start',
        'period_end',
        'value',
        'numerator',
        'denominator',
        'status',
        'return_id',
        'updated_at',
      ],
      rows(),
    );

    await client.query(
      `INSERT INTO comparator_import (id, source, file_name, sha256, byte_size, imported_by) VALUES ($1, 'fingertips', 'bench.csv', $2, 1, 'bench')`,
      [uuid(7, 0), randomBytes(32).toString('hex')],
    );
    const england: CopyCell[][] = [];
    for (const s of specs.filter((spec) => spec.hasEngland)) {
      for (const period of QUARTERS)
        england.push([
          s.id,
          uuid(3, 9999),
          period.type,
          period.start,
          period.end,
          s.polarity === 'higher_is_better' ? s.target + 2 : s.target - 2,
          uuid(7, 0),
        ]);
    }
    await copy(
      'comparator_value',
      ['indicator_id', 'area_id', 'period_type', 'period_start', 'period_end', 'value', 'import_id'],
      england,
    );
    await client.query('ANALYZE');
    return { values, areaIds, groupIds };
  } finally {
    await client.end();
  }
}

function timings(summary: EvaluationSummary): string {
  const { load, evaluate, write } = summary.timings;
  return `reading ${load.toFixed(2)} s, evaluating ${evaluate.toFixed(2)} s, writing ${write.toFixed(2)} s (summed over batches)`;
}

@Module({})
class BenchModule {
  static forRoot(config: AppConfig, clock: Clock): DynamicModule {
    return {
      module: BenchModule,
      imports: [ConfigModule.forRoot(config, clock), DatabaseModule, QueueModule, ExceptionsModule, ReturnsModule],
    };
  }
}

async function main(): Promise<void> {
  // The evaluation runs in this process: as the worker runs it (apps/worker/src/main.ts).
  disableAllocationSitePretenuring();
  const base = loadConfig(process.env);
  const suffix = randomBytes(4).toString('hex');
  const template = `cypp_bench_template_${suffix}`;
  const database = `cypp_bench_${suffix}`;
  const line = (text: string): void => console.log(text);
  let started = performance.now();
  await onServer(base.databaseUrl, (c) => c.query(`CREATE DATABASE ${template}`));
  try {
    await runMigrations(urlFor(base.databaseUrl, template));
    await onServer(base.databaseUrl, (c) => c.query(`CREATE DATABASE ${database} TEMPLATE ${template}`));
  } finally {
    await onServer(base.databaseUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`));
  }
  line(
    `Created database ${database} (clone of a migrated template) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  const config: AppConfig = {
    ...base,
    databaseUrl: urlFor(base.databaseUrl, database),
    queuePrefix: `bench-${suffix}`,
  };
  let app: Awaited<ReturnType<typeof NestFactory.createApplicationContext>> | undefined;
  try {
    const specs = indicatorSpecs();
    started = performance.now();
    const { values, areaIds, groupIds } = await seed(config.databaseUrl, specs);
    line(
      `Loaded ${values.toLocaleString('en-GB')} current values (${INDICATORS} indicators × ${AREAS} areas × ${QUARTERS.length} quarters) with COPY in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    app = await NestFactory.createApplicationContext(BenchModule.forRoot(config, new FixedClock()), {
      logger: ['error', 'warn'],
    });
    const evaluator = app.get(ExceptionEvaluator);

    const cpuBefore = process.cpuUsage();
    const rebuild = await evaluator.rebuild();
    const cpu = process.cpuUsage(cpuBefore);
    line(
      `Full rebuild: ${rebuild.seconds.toFixed(2)} s, ${rebuild.batches} batches; ${rebuild.exceptionsRaisedNow.toLocaleString('en-GB')} exceptions hold ` +
        `(${rebuild.raised.toLocaleString('en-GB')} raised, ${rebuild.carriedForward.toLocaleString('en-GB')} carried forward); ${timings(rebuild)}`,
    );
    line(
      `  Node CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s; machine load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores ` +
        '(other work on the machine slows every figure here)',
    );

    // One group's return for the latest quarter: every value moves a little, as a corrected return would.
    const g = 3;
    const latest = QUARTERS[QUARTERS.length - 1]!;
    const own = specs.filter((s) => s.groupIndex === g);
    const next = random(424242);
    const rows: ReturnRow[] = own.flatMap((s) =>
      areaIds.map((areaId) => {
        const v = generate(
          s,
          next,
          s.target * (1 + (next() - 0.5) * 0.3),
          0,
          12,
          s.cumulative ? Math.round(s.target / 4) : 0,
        );
        return {
          indicatorId: s.id,
          areaId,
          value: v.value,
          numerator: v.numerator,
          denominator: v.denominator,
          status: 'actual' as const,
          suppressionMarker: null,
          commentary: null,
        };
      }),
    );
    started = performance.now();
    const accepted = await app.get(ReturnsStore).accept(
      {
        groupId: groupIds[g]!,
        period: latest,
        fileName: 'bench-correction.csv',
        sha256: randomBytes(32).toString('hex'),
        byteSize: 1000,
        source: 'seed',
        receivedAt: NOW,
        rows,
      },
      systemActor('bench'),
    );
    line(
      `Accepted one return (${accepted.rowCount.toLocaleString('en-GB')} rows: ${own.length} indicators × ${AREAS} areas) in ${((performance.now() - started) / 1000).toFixed(2)} s`,
    );

    const incremental = await evaluator.evaluate(
      { indicatorIds: own.map((s) => s.id), period: periodKey(latest), groupIds: [groupIds[g]!] },
      'bench return',
    );
    line(
      `Incremental re-evaluation: ${incremental.seconds.toFixed(3)} s for ${incremental.values.toLocaleString('en-GB')} values; ` +
        `${incremental.raised} raised, ${incremental.reopened} reopened, ${incremental.closedAutomatically} closed automatically, ${incremental.carriedForward} carried forward; ${timings(incremental)}`,
    );

    const again = await evaluator.evaluate(
      { indicatorIds: own.map((s) => s.id), period: periodKey(latest), groupIds: [groupIds[g]!] },
      'bench repeat',
    );
    line(
      `Same evaluation again (idempotent): ${again.raised + again.reopened + again.closedAutomatically + again.carriedForward} status changes in ${again.seconds.toFixed(3)} s`,
    );

    const [{ count }] = (await app
      .get(DataSource)
      .query(`SELECT count(*)::int AS count FROM exception WHERE holds`)) as { count: number }[];
    await app.get(QueueService).queue(QueueName.Evaluation).obliterate({ force: true });
    console.log(
      JSON.stringify({
        values,
        rebuild_s: Number(rebuild.seconds.toFixed(2)),
        incremental_s: Number(incremental.seconds.toFixed(3)),
        exceptions: count,
      }),
    );
  } finally {
    await app?.close();
    if (process.env['BENCH_KEEP_DATABASE']) line(`Kept database ${database} (BENCH_KEEP_DATABASE)`);
    else await onServer(base.databaseUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
