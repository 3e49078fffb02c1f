import { Controller, Get, Headers, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { type Actor, Permission } from '../../../../libs/access/index.js';
import { scorecardCsv, ScorecardService } from '../../../../libs/scorecard/index.js';
import { CurrentActor, HasPermission } from '../auth/auth.decorators.js';
import { ApiErrors } from '../http/api-errors.decorator.js';
import { requirePeriod } from '../http/period.param.js';
import { ScorecardPeriodQueryDto, ScorecardQueryDto } from './scorecard.dto.js';

const uuid = new ParseUUIDPipe({ version: '4' });

const wantsCsv = (accept: string | undefined): boolean => /\btext\/csv\b/i.test(accept ?? '');

@ApiTags('scorecard')
@ApiBearerAuth()
@ApiErrors()
@Controller('api/scorecard')
export class ScorecardController {
  constructor(private readonly scorecard: ScorecardService) {}

  @Get()
  @HasPermission(Permission.ScorecardRead)
  @ApiOperation({
    summary:
      'Every target for a period with its latest value, target, RAG, direction of travel, SPC, comparators, forecast and open exceptions; as CSV with Accept: text/csv',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiHeader({ name: 'Accept', required: false, description: 'text/csv for the whole filtered scorecard as CSV' })
  async list(
    @Query() query: ScorecardQueryDto,
    @Headers('accept') accept: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ) {
    const csv = wantsCsv(accept);
    const page = await this.scorecard.list(
      {
        period: query.period ? requirePeriod(query.period, 'period') : undefined,
        area: query.area,
        priority: query.priority,
        group: query.group,
        rag: query.rag,
        exceptionKind: query.exceptionKind,
      },
      // A CSV is taken whole into Excel or Power BI; JSON pages like every other list.
      csv ? null : query,
      actor,
    );
    if (!csv) return page;
    response.setHeader('content-type', 'text/csv; charset=utf-8');
    response.setHeader(
      'content-disposition',
      `attachment; filename="scorecard-${page.period.key}-${page.area.code}.csv"`,
    );
    return scorecardCsv(page.items);
  }

  @Get('targets/:id')
  @HasPermission(Permission.ScorecardRead)
  @ApiOperation({
    summary:
      "A target's scorecard figures with its full series ready to chart: values, SPC limits, target line, comparators",
  })
  target(@Param('id', uuid) id: string, @Query() query: ScorecardPeriodQueryDto, @CurrentActor() actor: Actor) {
    return this.scorecard.target(
      id,
      { period: query.period ? requirePeriod(query.period, 'period') : undefined, area: query.area },
      actor,
    );
  }
}
