import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '../config/index.js';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        type: 'postgres' as const,
        url: config.databaseUrl,
        autoLoadEntities: true,
        // Schema changes only through migrations/ (see README).
        synchronize: false,
        migrationsRun: false,
        extra: { max: 10 },
      }),
    }),
  ],
})
export class DatabaseModule {}
