/**
 * The scorecard API at national scale: 500 indicators × 150 areas × 12 quarters (900,000 current values),
 * exceptions rebuilt, then GET /api/scorecard for one period of one area served by the built API in a child
 * process. Measures latency at a steady 100 requests/s (open loop: requests leave on schedule whether or not
 * the previous one answered), the most requests/s it serves with 8 in flight, and /health the same way in
 * the same run, as the yardstick of what the machine gives an endpoint that does nothing.
 * Goal on a 2-core machine: p99 under 100 ms at 100 requests/s.
 *
 *   npm run bench:scorecard
 *
 * Prints readable lines, then as the last line one JSON object: {"p50_ms":…,"p99_ms":…,"rps":…,"health_rps":…}
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Agent, get } from 'node:http';
import { availableParallelism, loadavg } from 'node:os';
import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AccessModule, AccessService, systemActor } from '../libs/access/index.js';
import { Clock, disableAllocationSitePretenuring } from '../libs/common/index.js';
import { ConfigModule, loadConfig, type AppConfig } from '../libs/config/index.js';
import { DatabaseModule } from '../libs/database/index.js';
import { ExceptionEvaluator, ExceptionsModule } from '../libs/exceptions/index.js';
import { formatPeriod, quarter, type Period } from '../libs/periods/index.js';
import { QueueModule, QueueName, QueueService } from '../libs/queue/index.js';
import { AREAS, INDICATORS, indicatorSpecs, seed } from './national-plan.js';
import {
  clearQueues,
  createMigratedDatabase,
  freePort,
  line,
  onServer,
  seconds,
  startProcess,
  stopProcess,
  until,
  urlFor,
  type Child,
} from './support.js';

/** 2023-24 Q1 to 2025-26 Q4: three financial years. */
const QUARTERS: Period[] = Array.from({ length: 12 }, (_, i) => quarter(2023 + Math.floor(i / 4), (i % 4) + 1));
const NOW = new Date('2026-05-20T09:00:00Z');
const RATE = 100;
const STEADY_SECONDS = 10;
const IN_FLIGHT = 8;
const SATURATION_SECONDS = 5;

class FixedClock extends Clock {
  now(): Date {
    return new Date(NOW);
  }
}

@Module({})
class SeedModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: SeedModule,
      imports: [
        ConfigModule.forRoot(config, new FixedClock()),
        DatabaseModule,
        QueueModule,
        AccessModule,
        ExceptionsModule,
      ],
    };
  }
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/** One GET on a kept-alive connection; its milliseconds from sending to the last byte. */
function timed(url: string, headers: Record<string, string>): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const request = get(url, { agent, headers }, (response) => {
      response.on('data', () => undefined);
      response.on('end', () =>
        response.statusCode === 200
          ? resolve(performance.now() - started)
          : reject(new Error(`${url} answered ${response.statusCode}`)),
      );
    });
    request.on('error', reject);
  });
}

/** Open loop: one request every 1/rate s for `duration` s; the latency of each. */
async function steady(url: string, headers: Record<string, string>, rate: number, duration: number) {
  const count = rate * duration;
  const started = performance.now();
  const latencies: Promise<number>[] = [];
  for (let i = 0; i < count; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    latencies.push(timed(url, headers));
  }
  const sorted = (await Promise.all(latencies)).sort((a, b) => a - b);
  return { sorted, achievedRps: count / seconds(started) };
}

/** Closed loop: `inFlight` clients each sending the next request as the last one answers. */
async function saturate(url: string, headers: Record<string, string>, inFlight: number, duration: number) {
  const until = performance.now() + duration * 1000;
  let done = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (performance.now() < until) {
        await timed(url, headers);
        done += 1;
      }
    }),
  );
  return done / seconds(started);
}

async function main(): Promise<void> {
  disableAllocationSitePretenuring();
  const base = loadConfig(process.env);
  const suffix = randomBytes(4).toString('hex');
  const database = `cypp_bench_${suffix}`;
  let started = performance.now();
  await createMigratedDatabase(base.databaseUrl, database);
  const config: AppConfig = {
    ...base,
    databaseUrl: urlFor(base.databaseUrl, database),
    queuePrefix: `bench-${suffix}`,
  };
  line(`Created database ${database} in ${seconds(started).toFixed(1)} s`);
  let api: Child | undefined;
  try {
    started = performance.now();
    const { values, areaIds } = await seed(config.databaseUrl, indicatorSpecs(), QUARTERS);
    line(
      `Loaded ${values.toLocaleString('en-GB')} current values (${INDICATORS} indicators × ${AREAS} areas × ${QUARTERS.length} quarters) in ${seconds(started).toFixed(1)} s`,
    );

    const context = await NestFactory.createApplicationContext(SeedModule.forRoot(config), {
      logger: ['error', 'warn'],
    });
    let token: string;
    try {
      const rebuild = await context.get(ExceptionEvaluator).rebuild();
      line(
        `Exceptions rebuilt in ${rebuild.seconds.toFixed(1)} s: ${rebuild.exceptionsRaisedNow.toLocaleString('en-GB')} hold`,
      );
      token = (await context.get(AccessService).createApiToken('bench BI', null, systemActor('bench'), 'scorecard'))
        .token;
      await context.get(QueueService).queue(QueueName.Evaluation).obliterate({ force: true });
    } finally {
      await context.close();
    }

    const port = await freePort();
    api = startProcess('API', 'dist/apps/api/src/main.js', {
      ...process.env,
      DATABASE_URL: config.databaseUrl,
      QUEUE_PREFIX: config.queuePrefix,
      PORT: String(port),
    });
    const root = `http://127.0.0.1:${port}`;
    await until('the API to answer /health', 60_000, 100, async () => {
      if (api!.process.exitCode !== null) throw new Error(`the API exited (${api!.process.exitCode})`);
      return (await fetch(`${root}/health`)).ok ? true : null;
    });

    const period = QUARTERS[QUARTERS.length - 1]!;
    const area = `L${Math.floor(areaIds.length / 2)}`;
    const scorecard = `${root}/api/scorecard?period=${encodeURIComponent(formatPeriod(period))}&area=${area}&pageSize=50`;
    const headers = { authorization: `Bearer ${token}` };
    const first = await timed(scorecard, headers);
    const body = (await (await fetch(scorecard, { headers })).json()) as { total: number; items: unknown[] };
    const warm = await timed(scorecard, headers);
    line(
      `GET /api/scorecard for ${formatPeriod(period)}, area ${area}: ${body.total} targets, ${body.items.length} a page; ` +
        `first request (evaluates ${body.total} series) ${first.toFixed(0)} ms, then ${warm.toFixed(1)} ms`,
    );

    const { sorted, achievedRps } = await steady(scorecard, headers, RATE, STEADY_SECONDS);
    const p50 = percentile(sorted, 50);
    const p99 = percentile(sorted, 99);
    line(
      `At ${RATE} requests/s for ${STEADY_SECONDS} s (${sorted.length} requests, ${achievedRps.toFixed(0)}/s sent): ` +
        `p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms`,
    );
    const rps = await saturate(scorecard, headers, IN_FLIGHT, SATURATION_SECONDS);
    const healthRps = await saturate(`${root}/health`, {}, IN_FLIGHT, SATURATION_SECONDS);
    line(
      `Most served with ${IN_FLIGHT} in flight: scorecard ${rps.toFixed(0)} requests/s, /health ${healthRps.toFixed(0)} requests/s ` +
        `(load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores; other work slows every figure)`,
    );
    console.log(
      JSON.stringify({
        p50_ms: Number(p50.toFixed(1)),
        p99_ms: Number(p99.toFixed(1)),
        rps: Math.round(rps),
        health_rps: Math.round(healthRps),
      }),
    );
  } catch (error) {
    if (api) console.error(api.output.join('\n'));
    throw error;
  } finally {
    agent.destroy();
    if (api) await stopProcess(api);
    await clearQueues(config.redisUrl, config.queuePrefix);
    if (process.env['BENCH_KEEP_DATABASE']) line(`Kept database ${database} (BENCH_KEEP_DATABASE)`);
    else await onServer(base.databaseUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
