import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, Permission } from '../../../../libs/access/index.js';
import { TargetsService } from '../../../../libs/catalogue/index.js';
import { CurrentActor, HasPermission } from '../auth/auth.decorators.js';
import { ApiErrors } from '../http/api-errors.decorator.js';
import { requirePeriod } from '../http/period.param.js';
import { ChangeOwnerDto, CreateTargetDto, NewTargetVersionDto, TargetQueryDto } from './targets.dto.js';

const uuid = new ParseUUIDPipe({ version: '4' });

@ApiTags('catalogue')
@ApiBearerAuth()
@ApiErrors()
@Controller('api/targets')
export class TargetsController {
  constructor(private readonly targets: TargetsService) {}

  @Get()
  @ApiOperation({ summary: 'List targets with their current version and owning group' })
  @HasPermission(Permission.CatalogueRead)
  list(@Query() query: TargetQueryDto, @CurrentActor() actor: Actor) {
    const period = query.period ? requirePeriod(query.period, 'period') : undefined;
    return this.targets.list(
      {
        indicatorId: query.indicatorId,
        owningGroupId: query.owningGroupId,
        priorityId: query.priorityId,
        periodType: period?.type,
        periodStart: period?.start,
        areaId: query.areaId,
      },
      query,
      actor,
    );
  }

  @Get(':id')
  @ApiOperation({ summary: 'A target with every version and every change of owner' })
  @HasPermission(Permission.CatalogueRead)
  get(@Param('id', uuid) id: string, @CurrentActor() actor: Actor) {
    return this.targets.get(id, actor);
  }

  @Post()
  @ApiOperation({ summary: 'Agree a new target and its owning group' })
  @HasPermission(Permission.CatalogueWrite)
  create(@Body() body: CreateTargetDto, @CurrentActor() actor: Actor) {
    const { period, ...rest } = body;
    return this.targets.create({ ...rest, period: requirePeriod(period, 'period') }, actor);
  }

  @Post(':id/versions')
  @ApiOperation({ summary: 'Change an agreed target: adds a version with the reason; earlier versions stay' })
  @HasPermission(Permission.CatalogueWrite)
  addVersion(@Param('id', uuid) id: string, @Body() body: NewTargetVersionDto, @CurrentActor() actor: Actor) {
    return this.targets.addVersion(id, body, actor);
  }

  @Put(':id/owner')
  @ApiOperation({ summary: 'Change the lead group; the change is recorded' })
  @HasPermission(Permission.CatalogueWrite)
  changeOwner(@Param('id', uuid) id: string, @Body() body: ChangeOwnerDto, @CurrentActor() actor: Actor) {
    return this.targets.changeOwner(id, body.groupId, body.reason ?? null, actor);
  }
}
