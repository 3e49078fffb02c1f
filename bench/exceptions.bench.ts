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
import { DataSource } from 'typeorm';
import { systemActor } from '../libs/access/index.js';
import { Clock, disableAllocationSitePretenuring } from '../libs/common/index.js';
import { ConfigModule, loadConfig, type AppConfig } from '../libs/config/index.js';
import { DatabaseModule } from '../libs/database/index.js';
import { ExceptionEvaluator, ExceptionsModule, type EvaluationSummary } from '../libs/exceptions/index.js';
import { periodKey, quarter, type Period } from '../libs/periods/index.js';
import { QueueModule, QueueName, QueueService } from '../libs/queue/index.js';
import { ReturnsModule, ReturnsStore, type ReturnRow } from '../libs/returns/index.js';
import { AREAS, generate, INDICATORS, indicatorSpecs, seed } from './national-plan.js';
import { createMigratedDatabase, onServer, random, urlFor } from './support.js';

/** 2023-24 Q1 to 2026-27 Q1. */
const QUARTERS: Period[] = Array.from({ length: 13 }, (_, i) => quarter(2023 + Math.floor(i / 4), (i % 4) + 1));
/** After the 2026-27 Q1 deadline, so every return is due and none is missing. */
const NOW = new Date('2026-07-20T09:00:00Z');

class FixedClock extends Clock {
  now(): Date {
    return new Date(NOW);
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
  const database = `cypp_bench_${suffix}`;
  const line = (text: string): void => console.log(text);
  let started = performance.now();
  await createMigratedDatabase(base.databaseUrl, database);
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
    const { values, areaIds, groupIds } = await seed(config.databaseUrl, specs, QUARTERS);
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
