import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { WorkerModule } from '../../apps/worker/src/worker.module.js';
import type { Clock } from '../../libs/common/index.js';
import type { AppConfig } from '../../libs/config/index.js';

/** The worker as apps/worker builds it, in this process, on the test API's database and queue prefix. */
export async function startTestWorker(config: AppConfig, clock?: Clock): Promise<INestApplicationContext> {
  const worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, clock), { logger: false });
  await worker.init();
  return worker;
}
