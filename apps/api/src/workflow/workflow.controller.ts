import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { type Actor, Permission } from '../../../../libs/access/index.js';
import { PeriodLockService } from '../../../../libs/catalogue/index.js';
import { CompletenessService, GroupChairService, SignOffService } from '../../../../libs/workflow/index.js';
import { CurrentActor, HasPermission } from '../auth/auth.decorators.js';
import { ApiErrors } from '../http/api-errors.decorator.js';
import { requirePeriod } from '../http/period.param.js';
import { ReturnStatusQueryDto } from '../returns/returns.dto.js';
import { LockPeriodDto, SetChairDto, SignOffDto, UnlockPeriodDto } from './workflow.dto.js';

/** Sign-off, completeness, period locks and group chairs (issue 14). */
@ApiTags('workflow')
@ApiBearerAuth()
@ApiErrors()
@Controller('api')
export class WorkflowController {
  constructor(
    private readonly signOff: SignOffService,
    private readonly completeness: CompletenessService,
    private readonly locks: PeriodLockService,
    private readonly chairs: GroupChairService,
  ) {}

  @Get('returns/completeness')
  @HasPermission(Permission.ReturnsRead)
  @ApiOperation({
    summary:
      'Completeness and timeliness per group: expected, on time, late (working days), missing, awaiting sign-off, signed off; with the three quarters before',
  })
  completenessFor(@Query() query: ReturnStatusQueryDto) {
    return this.completeness.withHistory(requirePeriod(query.period, 'period'));
  }

  @Post('returns/:id/sign-off')
  @HttpCode(200)
  @HasPermission(Permission.ReturnsSignOff)
  @ApiOperation({
    summary:
      'Sign off a return awaiting sign-off (it then counts), or send it back with a reason; by a member of its group other than the uploader',
  })
  decide(@Param('id', ParseUUIDPipe) id: string, @Body() body: SignOffDto, @CurrentActor() actor: Actor) {
    return this.signOff.decide(id, body, actor);
  }

  @Get('periods/locks')
  @HasPermission(Permission.ReturnsRead)
  @ApiOperation({ summary: 'Locked periods, with who locked them, when and why' })
  listLocks(@CurrentActor() actor: Actor) {
    return this.locks.list(actor);
  }

  @Post('periods/:period/lock')
  @HasPermission(Permission.PeriodsLock)
  @ApiParam({ name: 'period', example: '2025-26 Q2' })
  @ApiOperation({
    summary: 'Lock a period: returns, sign-offs and target changes for it are refused until it is unlocked',
  })
  lock(@Param('period') period: string, @Body() body: LockPeriodDto, @CurrentActor() actor: Actor) {
    return this.locks.lock(requirePeriod(period, 'period'), body.reason ?? '', actor);
  }

  @Post('periods/:period/unlock')
  @HttpCode(200)
  @HasPermission(Permission.PeriodsLock)
  @ApiParam({ name: 'period', example: '2025-26 Q2' })
  @ApiOperation({ summary: 'Unlock a period, with the reason (audited)' })
  unlock(@Param('period') period: string, @Body() body: UnlockPeriodDto, @CurrentActor() actor: Actor) {
    return this.locks.unlock(requirePeriod(period, 'period'), body.reason, actor);
  }

  @Put('groups/:id/chair')
  @HasPermission(Permission.CatalogueWrite)
  @ApiOperation({ summary: "Set the group's chair (a member of the group), copied on its overdue notices" })
  setChair(@Param('id', ParseUUIDPipe) id: string, @Body() body: SetChairDto, @CurrentActor() actor: Actor) {
    return this.chairs.setChair(id, body.userId, actor);
  }
}
