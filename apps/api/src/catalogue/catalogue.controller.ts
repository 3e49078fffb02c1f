import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, Permission } from '../../../../libs/access/index.js';
import { CatalogueService } from '../../../../libs/catalogue/index.js';
import { CurrentActor, HasPermission } from '../auth/auth.decorators.js';
import { ApiErrors } from '../http/api-errors.decorator.js';
import {
  AreaQueryDto,
  CreateAreaDto,
  CreateGroupDto,
  CreateIndicatorDto,
  CreatePlanDto,
  CreatePriorityDto,
  GroupQueryDto,
  IndicatorQueryDto,
  PriorityQueryDto,
  UpdateAreaDto,
  UpdateGroupDto,
  UpdateIndicatorDto,
  UpdatePlanDto,
  UpdatePriorityDto,
} from './catalogue.dto.js';
import { PageQueryDto } from '../http/page-query.dto.js';

const uuid = new ParseUUIDPipe({ version: '4' });

@ApiTags('catalogue')
@ApiBearerAuth()
@ApiErrors()
@Controller('api')
export class CatalogueController {
  constructor(private readonly catalogue: CatalogueService) {}

  @Get('plans')
  @ApiOperation({ summary: 'List plans (CYPPs)' })
  @HasPermission(Permission.CatalogueRead)
  listPlans(@Query() query: PageQueryDto) {
    return this.catalogue.listPlans(query.q, query);
  }

  @Get('plans/:id')
  @ApiOperation({ summary: 'A plan (CYPP)' })
  @HasPermission(Permission.CatalogueRead)
  getPlan(@Param('id', uuid) id: string) {
    return this.catalogue.getPlan(id);
  }

  @Post('plans')
  @ApiOperation({ summary: 'Create a plan' })
  @HasPermission(Permission.CatalogueWrite)
  createPlan(@Body() body: CreatePlanDto, @CurrentActor() actor: Actor) {
    return this.catalogue.createPlan(body, actor);
  }

  @Patch('plans/:id')
  @ApiOperation({ summary: 'Change a plan' })
  @HasPermission(Permission.CatalogueWrite)
  updatePlan(@Param('id', uuid) id: string, @Body() body: UpdatePlanDto, @CurrentActor() actor: Actor) {
    return this.catalogue.updatePlan(id, body, actor);
  }

  @Get('priorities')
  @ApiOperation({ summary: 'List plan priorities / outcome areas' })
  @HasPermission(Permission.CatalogueRead)
  listPriorities(@Query() query: PriorityQueryDto) {
    return this.catalogue.listPriorities({ planId: query.planId }, query.q, query);
  }

  @Get('priorities/:id')
  @ApiOperation({ summary: 'A plan priority' })
  @HasPermission(Permission.CatalogueRead)
  getPriority(@Param('id', uuid) id: string) {
    return this.catalogue.getPriority(id);
  }

  @Post('priorities')
  @ApiOperation({ summary: 'Create a plan priority' })
  @HasPermission(Permission.CatalogueWrite)
  createPriority(@Body() body: CreatePriorityDto, @CurrentActor() actor: Actor) {
    return this.catalogue.createPriority(body, actor);
  }

  @Patch('priorities/:id')
  @ApiOperation({ summary: 'Change a plan priority' })
  @HasPermission(Permission.CatalogueWrite)
  updatePriority(@Param('id', uuid) id: string, @Body() body: UpdatePriorityDto, @CurrentActor() actor: Actor) {
    return this.catalogue.updatePriority(id, body, actor);
  }

  @Get('groups')
  @ApiOperation({ summary: 'List groups in the partnership structure' })
  @HasPermission(Permission.CatalogueRead)
  listGroups(@Query() query: GroupQueryDto) {
    return this.catalogue.listGroups({ kind: query.kind, parentId: query.parentId }, query.q, query);
  }

  @Get('groups/:id')
  @ApiOperation({ summary: 'A group in the partnership structure' })
  @HasPermission(Permission.CatalogueRead)
  getGroup(@Param('id', uuid) id: string) {
    return this.catalogue.getGroup(id);
  }

  @Post('groups')
  @ApiOperation({ summary: 'Create a group' })
  @HasPermission(Permission.CatalogueWrite)
  createGroup(@Body() body: CreateGroupDto, @CurrentActor() actor: Actor) {
    return this.catalogue.createGroup(body, actor);
  }

  @Patch('groups/:id')
  @ApiOperation({ summary: 'Change a group' })
  @HasPermission(Permission.CatalogueWrite)
  updateGroup(@Param('id', uuid) id: string, @Body() body: UpdateGroupDto, @CurrentActor() actor: Actor) {
    return this.catalogue.updateGroup(id, body, actor);
  }

  @Get('areas')
  @ApiOperation({ summary: 'List areas (the authority, its districts, comparators)' })
  @HasPermission(Permission.CatalogueRead)
  listAreas(@Query() query: AreaQueryDto) {
    const isStatisticalNeighbour =
      query.isStatisticalNeighbour === undefined ? undefined : query.isStatisticalNeighbour === 'true';
    return this.catalogue.listAreas({ kind: query.kind, isStatisticalNeighbour }, query.q, query);
  }

  @Get('areas/:id')
  @ApiOperation({ summary: 'An area' })
  @HasPermission(Permission.CatalogueRead)
  getArea(@Param('id', uuid) id: string) {
    return this.catalogue.getArea(id);
  }

  @Post('areas')
  @ApiOperation({ summary: 'Create an area' })
  @HasPermission(Permission.CatalogueWrite)
  createArea(@Body() body: CreateAreaDto, @CurrentActor() actor: Actor) {
    return this.catalogue.createArea(body, actor);
  }

  @Patch('areas/:id')
  @ApiOperation({ summary: 'Change an area' })
  @HasPermission(Permission.CatalogueWrite)
  updateArea(@Param('id', uuid) id: string, @Body() body: UpdateAreaDto, @CurrentActor() actor: Actor) {
    return this.catalogue.updateArea(id, body, actor);
  }

  @Get('indicators')
  @ApiOperation({ summary: 'List indicators' })
  @HasPermission(Permission.CatalogueRead)
  listIndicators(@Query() query: IndicatorQueryDto) {
    const { priorityId, polarity, unit, frequency } = query;
    return this.catalogue.listIndicators({ priorityId, polarity, unit, frequency }, query.q, query);
  }

  @Get('indicators/:id')
  @ApiOperation({ summary: 'An indicator' })
  @HasPermission(Permission.CatalogueRead)
  getIndicator(@Param('id', uuid) id: string) {
    return this.catalogue.getIndicator(id);
  }

  @Post('indicators')
  @ApiOperation({ summary: 'Create an indicator' })
  @HasPermission(Permission.CatalogueWrite)
  createIndicator(@Body() body: CreateIndicatorDto, @CurrentActor() actor: Actor) {
    return this.catalogue.createIndicator(body, actor);
  }

  @Patch('indicators/:id')
  @ApiOperation({ summary: 'Change an indicator' })
  @HasPermission(Permission.CatalogueWrite)
  updateIndicator(@Param('id', uuid) id: string, @Body() body: UpdateIndicatorDto, @CurrentActor() actor: Actor) {
    return this.catalogue.updateIndicator(id, body, actor);
  }
}
