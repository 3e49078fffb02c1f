import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { disableAllocationSitePretenuring } from '../../../libs/common/index.js';
import { ConfigError, loadConfig } from '../../../libs/config/index.js';
import { WorkerModule } from './worker.module.js';

async function bootstrap(): Promise<void> {
  disableAllocationSitePretenuring();
  const config = loadConfig(process.env);
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config));
  app.enableShutdownHooks();
  new Logger('Worker').log(`Worker consuming queues with prefix '${config.queuePrefix}'`);
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
