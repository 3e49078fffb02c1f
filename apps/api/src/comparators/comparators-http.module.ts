import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { ComparatorsModule } from '../../../../libs/comparators/index.js';
import { APP_CONFIG, type AppConfig } from '../../../../libs/config/index.js';
import { ComparatorsController } from './comparators.controller.js';

/** Comparator imports over HTTP; files are held in memory up to the configured upload size. */
@Module({
  imports: [
    ComparatorsModule,
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        limits: { fileSize: config.uploadMaxBytes, files: 1, fields: 5, fieldSize: 1024, parts: 6 },
      }),
    }),
  ],
  controllers: [ComparatorsController],
})
export class ComparatorsHttpModule {}
