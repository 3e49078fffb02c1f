import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { disableAllocationSitePretenuring } from '../../../libs/common/index.js';
import { ConfigError, loadConfig } from '../../../libs/config/index.js';
import { createApiApplication } from './bootstrap.js';

async function bootstrap(): Promise<void> {
  disableAllocationSitePretenuring();
  const config = loadConfig(process.env);
  const app = await createApiApplication(config);
  await app.listen(config.port);
  const base = `http://localhost:${config.port}`;
  new Logger('Api').log(`Open ${base}/ in a browser — API docs ${base}/api/docs, health ${base}/health`);
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
