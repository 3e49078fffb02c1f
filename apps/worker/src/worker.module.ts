import { DynamicModule, Module } from '@nestjs/common';
import { Clock } from '../../../libs/common/index.js';
import { AppConfig, ConfigModule } from '../../../libs/config/index.js';
import { DatabaseModule } from '../../../libs/database/index.js';
import { ExceptionsWorkerModule } from '../../../libs/exceptions/index.js';
import { NotificationsWorkerModule } from '../../../libs/notifications/index.js';
import { QueueModule, WorkerInfrastructureModule } from '../../../libs/queue/index.js';
import { ReportsWorkerModule } from '../../../libs/reports/index.js';
import { ReturnsModule } from '../../../libs/returns/index.js';
import { WorkflowWorkerModule } from '../../../libs/workflow/index.js';

/** The worker: no HTTP, the same services as the API, plus the job dispatcher. */
@Module({})
export class WorkerModule {
  /** `clock` replaces the system clock (tests that control deadlines). */
  static forRoot(config: AppConfig, clock?: Clock): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config, clock),
        DatabaseModule,
        QueueModule,
        WorkerInfrastructureModule,
        ExceptionsWorkerModule,
        ReturnsModule,
        ReportsWorkerModule,
        NotificationsWorkerModule,
        WorkflowWorkerModule,
      ],
    };
  }
}
