import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { CatalogueModule } from '../../../../libs/catalogue/index.js';
import { APP_CONFIG, type AppConfig } from '../../../../libs/config/index.js';
import { ReturnsModule } from '../../../../libs/returns/index.js';
import { WorkflowModule } from '../../../../libs/workflow/index.js';
import { WorkflowController } from '../workflow/workflow.controller.js';
import { ReturnsController } from './returns.controller.js';
import { ValuesController } from './values.controller.js';

/** Returns over HTTP. Uploads are held in memory (they are read twice: checked, then parsed) up to the configured size. */
@Module({
  imports: [
    ReturnsModule,
    WorkflowModule,
    CatalogueModule,
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        limits: { fileSize: config.uploadMaxBytes, files: 1, fields: 10, fieldSize: 1024, parts: 12 },
      }),
    }),
  ],
  // Workflow first: its GET /api/returns/completeness must match before ReturnsController's /api/returns/:id.
  controllers: [WorkflowController, ReturnsController, ValuesController],
})
export class ReturnsHttpModule {}
