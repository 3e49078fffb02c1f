import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, Permission } from '../../../../libs/access/index.js';
import { ExceptionsService } from '../../../../libs/exceptions/index.js';
import { CurrentActor, HasPermission } from '../auth/auth.decorators.js';
import { ApiErrors } from '../http/api-errors.decorator.js';
import { requirePeriod } from '../http/period.param.js';
import {
  CloseExceptionDto,
  CommentaryDto,
  ExceptionQueryDto,
  LifecycleNoteDto,
  ReviewExceptionDto,
} from './exceptions.dto.js';

const uuid = new ParseUUIDPipe({ version: '4' });

@ApiTags('exceptions')
@ApiBearerAuth()
@ApiErrors()
@Controller('api/exceptions')
export class ExceptionsController {
  constructor(private readonly exceptions: ExceptionsService) {}

  @Get()
  @ApiOperation({ summary: 'Exceptions, newest period first; a data officer sees their own groups only' })
  @HasPermission(Permission.ExceptionsRead)
  list(@Query() query: ExceptionQueryDto, @CurrentActor() actor: Actor) {
    const period = query.period ? requirePeriod(query.period, 'period') : undefined;
    return this.exceptions.list(
      {
        status: query.status,
        kind: query.kind,
        positive: query.positive,
        priorityId: query.priorityId,
        owningGroupId: query.owningGroupId,
        period,
        indicatorId: query.indicatorId,
        areaId: query.areaId,
      },
      query,
      actor,
    );
  }

  @Post('rebuild')
  @HttpCode(202)
  @ApiOperation({ summary: 'Queue a full re-evaluation of every exception' })
  @HasPermission(Permission.ExceptionsRebuild)
  rebuild(@CurrentActor() actor: Actor) {
    return this.exceptions.requestRebuild(actor);
  }

  @Get(':id')
  @ApiOperation({
    summary:
      'An exception with its reasons and, where your role may see them, its commentary and history (README: who sees what)',
  })
  @HasPermission(Permission.ExceptionsRead)
  get(@Param('id', uuid) id: string, @CurrentActor() actor: Actor) {
    return this.exceptions.get(id, actor);
  }

  @Post(':id/commentary')
  @HttpCode(200)
  @ApiOperation({ summary: "The owning group's commentary: cause, action and expected recovery date" })
  @HasPermission(Permission.ExceptionsComment)
  commentary(@Param('id', uuid) id: string, @Body() body: CommentaryDto, @CurrentActor() actor: Actor) {
    return this.exceptions.addCommentary(id, body, actor);
  }

  @Post(':id/review')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Reviewed by the executive, optionally approving the commentary for publication; a negative exception needs commentary first (422)',
  })
  @HasPermission(Permission.ExceptionsReview)
  review(@Param('id', uuid) id: string, @Body() body: ReviewExceptionDto, @CurrentActor() actor: Actor) {
    return this.exceptions.review(id, body.note?.trim() || null, actor, { publishCommentary: body.publishCommentary });
  }

  @Post(':id/refer')
  @HttpCode(200)
  @ApiOperation({ summary: 'Refer a reviewed exception to the partnership board' })
  @HasPermission(Permission.ExceptionsReview)
  refer(@Param('id', uuid) id: string, @Body() body: LifecycleNoteDto, @CurrentActor() actor: Actor) {
    return this.exceptions.refer(id, body.note?.trim() || null, actor);
  }

  @Post(':id/close')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close an exception, with the reason' })
  @HasPermission(Permission.ExceptionsReview)
  close(@Param('id', uuid) id: string, @Body() body: CloseExceptionDto, @CurrentActor() actor: Actor) {
    return this.exceptions.close(id, body.reason, actor);
  }
}
