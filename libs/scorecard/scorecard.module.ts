import { Module } from '@nestjs/common';
import { ScorecardService } from './scorecard.service.js';

/** The scorecard API's service: reads figures, and open exceptions, through the read model (libs/series). */
@Module({
  providers: [ScorecardService],
  exports: [ScorecardService],
})
export class ScorecardModule {}
