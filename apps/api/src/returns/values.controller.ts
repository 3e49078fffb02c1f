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
    summary: 'Current values (the latest accepted return for each indicator, area and period), at most 10,000',
  })
  list(@Query() query: ValuesQueryDto, @CurrentActor() actor: Actor) {
    return this.returns.currentValues(query, actor);
  }
}
