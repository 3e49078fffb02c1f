import { Module } from '@nestjs/common';
import { ExceptionsModule } from '../exceptions/index.js';
import { ScorecardService } from './scorecard.service.js';

/** The scorecard API's service: reads figures through the read model (libs/series). */
@Module({
  imports: [ExceptionsModule],
  providers: [ScorecardService],
  exports: [ScorecardService],
})
export class ScorecardModule {}
