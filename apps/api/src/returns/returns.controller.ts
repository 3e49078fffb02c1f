import {
  Body,
  Controller,
  Get,
  HttpStatus,
  Param,
  Post,
  Query,
  Res,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { type Actor, Permission } from '../../../../libs/access/index.js';
import { QueueService } from '../../../../libs/queue/index.js';
import { ReturnsError, ReturnsErrorCode, ReturnsService } from '../../../../libs/returns/index.js';
import { CurrentActor, HasPermission } from '../auth/auth.decorators.js';
import { ApiErrors } from '../http/api-errors.decorator.js';
import { findReturnJob } from './return-job.js';
import {
  ReturnHistoryQueryDto,
  ReturnStatusQueryDto,
  SubmitReturnBodyDto,
  SubmitReturnFormDto,
  SubmitReturnQueryDto,
  TemplateQueryDto,
} from './returns.dto.js';

/** The parts of multer's in-memory file we use. */
interface UploadedReturnFile {
  readonly buffer: Buffer;
  readonly originalname: string;
  readonly size: number;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function attachment(content: Buffer, fileName: string): StreamableFile {
  return new StreamableFile(content, {
    type: XLSX,
    disposition: `attachment; filename="${fileName}"`,
    length: content.length,
  });
}

@ApiTags('returns')
@ApiBearerAuth()
@ApiErrors()
@Controller('api/returns')
export class ReturnsController {
  constructor(
    private readonly returns: ReturnsService,
    private readonly queues: QueueService,
  ) {}

  @Get('template')
  @HasPermission(Permission.ReturnsSubmit)
  @ApiProduces(XLSX)
  @ApiOperation({
    summary:
      'The .xlsx returns template for a group and period: one row per owned indicator (and district where reported by area)',
  })
  async template(@Query() query: TemplateQueryDto, @CurrentActor() actor: Actor): Promise<StreamableFile> {
    const group = await this.returns.resolveGroup(query.group);
    const { fileName, content } = await this.returns.template(group, this.returns.parsePeriod(query.period), actor);
    return attachment(content, fileName);
  }

  @Post()
  @HasPermission(Permission.ReturnsSubmit)
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: SubmitReturnFormDto })
  @ApiOperation({
    summary:
      'Upload a return (.xlsx or .csv). Accepted whole (201), the same file again (200), or rejected whole (422, every problem as Sheet!Cell)',
    description:
      'Files above the configured size, or with ?async=true, are checked on the returns queue: 202 with a job id.',
  })
  @ApiResponse({ status: 201, description: "{ outcome: 'accepted', returnId, rowCount, supersededReturnId }" })
  @ApiResponse({ status: 200, description: "{ outcome: 'already_received', returnId, rowCount }" })
  @ApiResponse({
    status: 202,
    description: "{ jobId, statusUrl, state: 'queued', message } — recorded even while the queue is away",
  })
  async submit(
    @UploadedFile() file: UploadedReturnFile | undefined,
    @Body() body: SubmitReturnBodyDto,
    @Query() query: SubmitReturnQueryDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ) {
    if (!file) throw new ReturnsError(ReturnsErrorCode.InvalidRequest, "Attach the return as the form field 'file'.");
    const group = await this.returns.resolveGroup(body.group);
    const period = this.returns.parsePeriod(body.period);
    this.returns.assertMaySubmit(actor, group);
    const fileName = file.originalname || 'return';
    // Hostile or unreadable files are refused here, before anything is stored or queued.
    await this.returns.inspect(file.buffer, fileName);
    if (query.async === 'true' || file.size > this.returns.asyncThresholdBytes) {
      const { jobId, onQueue } = await this.returns.queueUpload(
        { content: file.buffer, fileName, groupId: group.id, period },
        actor,
      );
      response.status(HttpStatus.ACCEPTED);
      return {
        jobId,
        statusUrl: `/api/returns/jobs/${jobId}`,
        state: 'queued',
        message: onQueue ? 'Queued; it is being checked.' : 'Queued; it will be checked when the queue is back.',
      };
    }
    const outcome = await this.returns.submit({ content: file.buffer, fileName, groupId: group.id, period }, actor);
    if (outcome.outcome === 'rejected') {
      response.setHeader('X-Return-Id', outcome.returnId);
      response.setHeader('Link', `</api/returns/${outcome.returnId}/annotated>; rel="annotated"`);
      throw new ReturnsError(
        ReturnsErrorCode.Rejected,
        `The return was rejected: ${outcome.problemCount} problem${outcome.problemCount === 1 ? '' : 's'} (nothing was saved). ` +
          `Fix them and upload again; a copy with the problem cells marked is at /api/returns/${outcome.returnId}/annotated.`,
        outcome.problems,
        outcome.returnId,
      );
    }
    response.status(outcome.outcome === 'accepted' ? HttpStatus.CREATED : HttpStatus.OK);
    return outcome;
  }

  @Get()
  @HasPermission(Permission.ReturnsRead)
  @ApiOperation({ summary: 'Return history, newest first: accepted, superseded and rejected returns, paginated' })
  async history(@Query() query: ReturnHistoryQueryDto, @CurrentActor() actor: Actor) {
    const group = query.group ? await this.returns.resolveGroup(query.group) : null;
    const period = query.period ? this.returns.parsePeriod(query.period) : null;
    return this.returns.history(group?.id ?? null, period, query, actor);
  }

  @Get('status')
  @HasPermission(Permission.ReturnsRead)
  @ApiOperation({
    summary: "Each group's return for a period against its deadline: received, late, missing or not yet due",
  })
  status(@Query() query: ReturnStatusQueryDto) {
    return this.returns.status(this.returns.parsePeriod(query.period));
  }

  @Get('jobs/:id')
  @HasPermission(Permission.ReturnsSubmit)
  @ApiOperation({
    summary:
      'A queued return, as PostgreSQL records it: state, progress (rows read, problems so far) and, when done, the same outcome a direct upload gives',
  })
  async job(@Param('id') id: string, @CurrentActor() actor: Actor) {
    const job = await findReturnJob(this.queues, id, actor);
    return {
      id: job.id,
      state: job.state,
      progress: job.progress,
      result: job.result,
      failedReason: job.failedReason,
      attemptsMade: job.attemptsMade,
      createdAt: job.createdAt,
      finishedAt: job.finishedAt,
    };
  }

  @Get(':id')
  @HasPermission(Permission.ReturnsRead)
  @ApiOperation({
    summary: 'One return: who sent it, when, its outcome, what superseded it and, if rejected, its problems',
  })
  get(@Param('id') id: string, @CurrentActor() actor: Actor) {
    return this.returns.getReturnDetail(id, actor);
  }

  @Get(':id/annotated')
  @HasPermission(Permission.ReturnsSubmit)
  @ApiProduces(XLSX)
  @ApiOperation({ summary: 'The uploaded file with every problem cell filled and noted, and a Problems sheet' })
  async annotated(@Param('id') id: string, @CurrentActor() actor: Actor): Promise<StreamableFile> {
    const { fileName, content } = await this.returns.annotated(id, actor);
    return attachment(content, fileName);
  }
}
