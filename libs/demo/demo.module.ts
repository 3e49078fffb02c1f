import { Module } from '@nestjs/common';
import { AccessModule } from '../access/index.js';
import { CatalogueModule } from '../catalogue/index.js';
import { ExceptionsModule } from '../exceptions/index.js';
import { ReturnsModule } from '../returns/index.js';
import { DemoSeedService } from './demo-seed.service.js';

/** The demo partnership seed; needs ConfigModule, DatabaseModule and QueueModule from the importing application. */
@Module({
  imports: [CatalogueModule, AccessModule, ReturnsModule, ExceptionsModule],
  providers: [DemoSeedService],
  exports: [DemoSeedService],
})
export class DemoModule {}
