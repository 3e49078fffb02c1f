import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, ConfigModule } from '../../../libs/config/index.js';
import { DatabaseModule } from '../../../libs/database/index.js';
import { QueueModule, WorkerInfrastructureModule } from '../../../libs/queue/index.js';
import { ReturnsModule } from '../../../libs/returns/index.js';

/** The worker: no HTTP, the same services as the API, plus the job dispatcher. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule, QueueModule, WorkerInfrastructureModule, ReturnsModule],
    };
  }
}
