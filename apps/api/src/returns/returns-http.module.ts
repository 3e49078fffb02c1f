import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { APP_CONFIG, type AppConfig } from '../../../../libs/config/index.js';
import { ReturnsModule } from '../../../../libs/returns/index.js';
import { ReturnsController } from './returns.controller.js';
import { ValuesController } from './values.controller.js';

/** Returns over HTTP. Uploads are held in memory (they are read twice: checked, then parsed) up to the configured size. */
@Module({
  imports: [
    ReturnsModule,
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        limits: { fileSize: config.uploadMaxBytes, files: 1, fields: 10, fieldSize: 1024, parts: 12 },
      }),
    }),
  ],
  controllers: [ReturnsController, ValuesController],
})
export class ReturnsHttpModule {}
