import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, Permission } from '../../../../libs/access/index.js';
import { ReturnsService } from '../../../../libs/returns/index.js';
import { CurrentActor, HasPermission } from '../auth/auth.decorators.js';
import { ApiErrors } from '../http/api-errors.decorator.js';
import { ValuesQueryDto } from './returns.dto.js';

@ApiTags('returns')
@ApiBearerAuth()
@ApiErrors()
@Controller('api/values')
export class ValuesController {
  constructor(private readonly returns: ReturnsService) {}

  @Get()
  @HasPermission(Permission.ValuesRead)
  @ApiOperation({
    summary: 'Current values (the latest accepted return for each indicator, area and period), paginated',
  })
  list(@Query() query: ValuesQueryDto, @CurrentActor() actor: Actor) {
    return this.returns.currentValues(
      { indicator: query.indicator, area: query.area, period: query.period },
      query,
      actor,
    );
  }
}
