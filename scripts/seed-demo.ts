import 'reflect-metadata';
import { DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { QueryFailedError } from 'typeorm';
import { AccessError, AccessErrorCode, systemActor } from '../libs/access/index.js';
import { AppConfig, ConfigError, ConfigModule, loadConfig } from '../libs/config/index.js';
import { DatabaseModule } from '../libs/database/index.js';
import { DemoModule, DemoSeedResult, DemoSeedService } from '../libs/demo/index.js';
import { ExceptionEvaluator, ExceptionsEngineModule } from '../libs/exceptions/index.js';
import { parsePeriod, type Period } from '../libs/periods/index.js';
import { QueueModule } from '../libs/queue/index.js';
import { ReportsModule, ReportsService } from '../libs/reports/index.js';
import { assertDatabaseReady, PreflightError } from './database-preflight.js';

@Module({})
class SeedDemoModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: SeedDemoModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule, DemoModule, ExceptionsEngineModule],
    };
  }
}

/** Only to request the demo's first papers: a context with the queue, which the seed itself must not have. */
@Module({})
class DemoPapersModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: DemoPapersModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule, QueueModule, ReportsModule],
    };
  }
}

/**
 * Requests the latest quarter's exception report and scorecard, so the worker generates them once it starts
 * and their readers' paper-delivered emails land in the outbox (issue 14): a newcomer sees them at once.
 */
async function requestDemoPapers(config: AppConfig, latest: Period): Promise<void> {
  const app = await NestFactory.createApplicationContext(DemoPapersModule.forRoot(config), {
    logger: ['error', 'warn'],
    abortOnError: false,
  });
  try {
    for (const type of ['exception_report', 'board_scorecard'] as const) {
      await app.get(ReportsService).request({ type, period: latest }, 'on_demand', systemActor('demo-seed'));
    }
    console.log('Requested the latest exception report and scorecard: their emails will be in the outbox.');
  } finally {
    await app.close();
  }
}

/** Loads the demo partnership once; later runs find it and leave it alone. */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  await assertDatabaseReady(config.databaseUrl);
  const app = await NestFactory.createApplicationContext(SeedDemoModule.forRoot(config), {
    logger: ['error', 'warn'],
    abortOnError: false,
  });
  let papersFor: Period | null = null;
  try {
    const result = await app.get(DemoSeedService).seed();
    printSummary(result);
    // This context has no queue, so nothing was evaluated as the returns went in: evaluate it all once.
    if (result.outcome === 'seeded') {
      const evaluation = await app.get(ExceptionEvaluator).rebuild();
      console.log(
        `\nEvaluated exceptions in ${evaluation.seconds.toFixed(1)} s: ${evaluation.exceptionsRaisedNow} hold.`,
      );
      const latest = parsePeriod(result.latestQuarter);
      if (!latest.ok) throw new Error(latest.message);
      const closed = await app.get(DemoSeedService).closeExceptionsBefore(latest.period.start);
      console.log(
        `Closed ${closed} exceptions of earlier quarters as already reviewed; the latest quarter's stay open.`,
      );
      papersFor = latest.period;
    }
  } finally {
    await app.close();
  }
  if (papersFor) await requestDemoPapers(config, papersFor);
}

function printSummary(result: DemoSeedResult): void {
  if (result.outcome !== 'seeded') {
    console.log(result.message);
    return;
  }
  const { counts } = result;
  console.log(
    `Seeded the demo partnership in ${(result.elapsedMs / 1000).toFixed(1)} s: ${result.plan.title} (${result.plan.code}).`,
  );
  console.log(
    `  ${counts.groups} groups, ${counts.areas} areas, ${counts.priorities} priorities, ${counts.indicators} indicators, ` +
      `${counts.targets} targets (${counts.targetRevisions} revised, ${counts.ownerChanges} changes of owner), ` +
      `${counts.returns} returns with ${counts.values} values up to ${result.latestQuarter}.`,
  );
  const width = Math.max(...result.users.map((u) => u.email.length));
  console.log('\nDemo users:');
  for (const user of result.users) {
    const scope = user.groupCodes.length ? `  (${user.groupCodes.join(', ')})` : '';
    console.log(`  ${user.email.padEnd(width)}  ${user.role}${scope}`);
  }
  if (result.generatedPassword) {
    console.log(
      `\nPassword for every demo user (shown this once; set DEMO_PASSWORD to choose it): ${result.generatedPassword}`,
    );
  } else {
    console.log('\nPassword for every demo user: the value of DEMO_PASSWORD.');
  }
}

function explain(error: unknown): string {
  if (error instanceof ConfigError || error instanceof PreflightError) return error.message;
  if (error instanceof AccessError && error.code === AccessErrorCode.WeakPassword) {
    return `Demo seed failed: DEMO_PASSWORD is too short. ${error.message}`;
  }
  const code = error instanceof QueryFailedError ? (error.driverError as { code?: string }).code : undefined;
  if (code === '42P01') return 'Demo seed failed: the database has no schema yet. Run `npm run migration:run` first.';
  return `Demo seed failed: ${(error as Error).message ?? String(error)}`;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(explain(error));
    process.exit(1);
  },
);
