import { Body, Get, HttpStatus, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { type Actor, Permission } from '../../../../libs/access/index.js';
import type { Group } from '../../../../libs/catalogue/index.js';
import { Clock } from '../../../../libs/common/index.js';
import { ExceptionsService } from '../../../../libs/exceptions/index.js';
import { formatPeriod, previousPeriod, type Period } from '../../../../libs/periods/index.js';
import { QueueService } from '../../../../libs/queue/index.js';
import {
  ReturnReviewService,
  ReturnsService,
  type ReturnOutcome,
  type ReturnSummary,
} from '../../../../libs/returns/index.js';
import { SpreadsheetError } from '../../../../libs/spreadsheets/index.js';
import { CurrentActor, HasPermission } from '../auth/auth.decorators.js';
import { findReturnJob } from '../returns/return-job.js';
import { PageRenderer } from './page-renderer.js';
import { WebController } from './web-controller.decorator.js';
import { currentReturnsQuarter } from './reporting-period.js';
import { FormErrors } from './web-forms.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const QUARTERS_OFFERED = 4;
/** A group's returns for one period: a handful in practice (corrections, rejected tries). */
const HISTORY_PAGE = { page: 1, pageSize: 200 };
/** Seconds between refreshes of a queued return's status page. */
const REFRESH_SECONDS = 2;

function sendWorkbook(response: Response, file: { fileName: string; content: Buffer }): void {
  response.setHeader('content-type', XLSX);
  response.setHeader('content-disposition', `attachment; filename="${file.fileName}"`);
  response.send(file.content);
}

/** The data officer's returns journey: choose, download the template, upload, fix, see what was stored. */
@WebController('returns')
export class ReturnsPagesController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly returns: ReturnsService,
    private readonly review: ReturnReviewService,
    private readonly exceptions: ExceptionsService,
    private readonly queues: QueueService,
    private readonly clock: Clock,
  ) {}

  @Get()
  @HasPermission(Permission.ReturnsSubmit)
  async choose(@Req() request: Request, @Res() response: Response, @CurrentActor() actor: Actor): Promise<void> {
    const current = currentReturnsQuarter(this.clock.now());
    const periods: Period[] = [current];
    while (periods.length < QUARTERS_OFFERED) periods.push(previousPeriod(periods[periods.length - 1]));
    const groups = await this.groupsFor(actor, current);
    await this.pages.render(request, response, 'returns/choose.njk', {
      title: 'Choose a return',
      groups: groups.map((g) => ({ value: g.groupCode, text: `${g.groupName} (${g.groupCode})` })),
      periods: periods.map((p, i) => ({ value: formatPeriod(p), text: formatPeriod(p), checked: i === 0 })),
    });
  }

  @Get('upload')
  @HasPermission(Permission.ReturnsSubmit)
  async uploadPage(
    @Req() request: Request,
    @Res() response: Response,
    @CurrentActor() actor: Actor,
    @Query('group') groupReference?: string,
    @Query('period') periodLabel?: string,
  ): Promise<void> {
    const { group, period } = await this.chosen(groupReference, periodLabel, actor);
    await this.renderUpload(request, response, group, period, { errors: new FormErrors() });
  }

  @Get('template')
  @HasPermission(Permission.ReturnsSubmit)
  async template(
    @Res() response: Response,
    @CurrentActor() actor: Actor,
    @Query('group') groupReference?: string,
    @Query('period') periodLabel?: string,
  ): Promise<void> {
    const { group, period } = await this.chosen(groupReference, periodLabel, actor);
    sendWorkbook(response, await this.returns.template(group, period, actor));
  }

  @Post('upload')
  @HasPermission(Permission.ReturnsSubmit)
  async upload(
    @Req() request: Request,
    @Res() response: Response,
    @Body() body: Record<string, unknown>,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    const { group, period } = await this.chosen(String(body.group ?? ''), String(body.period ?? ''), actor);
    const file = request.file;
    if (!file || file.size === 0) {
      const errors = new FormErrors().add('file', 'Select the filled-in returns template (.xlsx) or a .csv file');
      return this.renderUpload(request, response, group, period, { errors }, HttpStatus.UNPROCESSABLE_ENTITY);
    }
    const fileName = file.originalname || 'return';
    let outcome: ReturnOutcome;
    try {
      await this.returns.inspect(file.buffer, fileName);
      if (file.size > this.returns.asyncThresholdBytes) {
        const { jobId } = await this.returns.queueUpload(
          { content: file.buffer, fileName, groupId: group.id, period },
          actor,
        );
        return response.redirect(303, `/returns/jobs/${encodeURIComponent(jobId)}`);
      }
      outcome = await this.returns.submit({ content: file.buffer, fileName, groupId: group.id, period }, actor);
    } catch (error) {
      // A file that cannot be read at all (wrong type, damaged, too big once unpacked): nothing was kept.
      if (!(error instanceof SpreadsheetError)) throw error;
      const errors = new FormErrors().add('file', `${fileName}: ${error.message}`);
      return this.renderUpload(request, response, group, period, { errors }, HttpStatus.UNPROCESSABLE_ENTITY);
    }
    if (outcome.outcome === 'rejected') {
      const summary = await this.returns.getReturn(outcome.returnId, actor);
      return this.renderRejected(request, response, summary, outcome.problems, actor);
    }
    response.redirect(303, `/returns/${outcome.returnId}${outcome.outcome === 'already_received' ? '?repeat=1' : ''}`);
  }

  @Get('jobs/:id')
  @HasPermission(Permission.ReturnsSubmit)
  async job(
    @Req() request: Request,
    @Res() response: Response,
    @Param('id') id: string,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    const job = await findReturnJob(this.queues, id, actor);
    const result = job.result as (ReturnOutcome | { outcome: 'unreadable'; message: string }) | null;
    if (job.state === 'completed' && result && 'returnId' in result) {
      return response.redirect(303, `/returns/${result.returnId}`);
    }
    const progress = (job.progress ?? {}) as { rowsRead?: number; problems?: number };
    const finished = job.state === 'completed' || job.state === 'failed';
    await this.pages.render(request, response, 'returns/job.njk', {
      title: finished ? 'Your return could not be checked' : 'Checking your return',
      refreshSeconds: finished ? null : REFRESH_SECONDS,
      state: job.state,
      rowsRead: progress.rowsRead ?? 0,
      problems: progress.problems ?? 0,
      message: result && 'message' in result ? result.message : job.failedReason,
      path: request.originalUrl,
    });
  }

  @Get(':id')
  @HasPermission(Permission.ReturnsSubmit)
  async detail(
    @Req() request: Request,
    @Res() response: Response,
    @Param('id') id: string,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    const detail = await this.returns.getReturnDetail(id, actor);
    this.returns.assertMaySubmit(actor, { id: detail.groupId, code: detail.groupCode });
    if (detail.outcome === 'rejected') return this.renderRejected(request, response, detail, detail.problems, actor);
    const [stored, superseded, changed] = await Promise.all([
      this.review.stored(id),
      this.returns
        .history(detail.groupId, detail.period, HISTORY_PAGE, actor)
        .then((all) => all.items.find((r) => r.supersededBy === id) ?? null),
      this.exceptions.list({ owningGroupId: detail.groupId, period: detail.period }, { page: 1, pageSize: 200 }, actor),
    ]);
    const since = detail.receivedAt;
    await this.pages.render(request, response, 'returns/accepted.njk', {
      title: 'Return accepted',
      ret: detail,
      repeat: request.query.repeat === '1',
      stored,
      superseded,
      raised: changed.items.filter((e) => e.status !== 'closed' && e.firstRaisedAt >= since),
      closed: changed.items.filter((e) => e.status === 'closed' && e.statusChangedAt >= since),
      open: changed.items.filter((e) => e.status !== 'closed'),
    });
  }

  @Get(':id/annotated')
  @HasPermission(Permission.ReturnsSubmit)
  async annotated(@Res() response: Response, @Param('id') id: string, @CurrentActor() actor: Actor): Promise<void> {
    sendWorkbook(response, await this.returns.annotated(id, actor));
  }

  private async renderRejected(
    request: Request,
    response: Response,
    summary: ReturnSummary,
    problems: readonly { location: string; message: string }[],
    actor: Actor,
  ): Promise<void> {
    const group = await this.returns.resolveGroup(summary.groupId);
    const asRead = await this.review.rowsAsRead(
      summary.id,
      problems.map((p) => p.location),
      actor,
    );
    const shown = new Set(asRead.rows.map((row) => row.rowNumber));
    const errors = new FormErrors();
    for (const problem of problems) {
      const row = /!([A-Z]+)(\d+)$/.exec(problem.location);
      const href = row && shown.has(Number(row[2])) ? `#row-${row[2]}` : '#file';
      errors.add('file', `${problem.location}: ${problem.message}`, href);
    }
    const problemsByRow = new Map<number, string[]>();
    for (const problem of problems) {
      const row = /!([A-Z]+)(\d+)$/.exec(problem.location);
      if (row)
        problemsByRow.set(Number(row[2]), [
          ...(problemsByRow.get(Number(row[2])) ?? []),
          `${problem.location}: ${problem.message}`,
        ]);
    }
    // Columns empty in every row shown only crowd the table on a narrow screen; code and value always stay.
    const shownColumns = asRead.headers
      .map((_, i) => i)
      .filter((i) => i === 0 || asRead.headers[i] === 'Value' || asRead.rows.some((row) => row.cells[i] !== ''));
    await this.renderUpload(
      request,
      response,
      group,
      summary.period,
      {
        errors,
        rejected: {
          ret: summary,
          headers: shownColumns.map((i) => asRead.headers[i]),
          rows: asRead.rows.map((row) => ({
            ...row,
            cells: shownColumns.map((i) => row.cells[i]),
            problems: problemsByRow.get(row.rowNumber) ?? [],
          })),
        },
      },
      HttpStatus.UNPROCESSABLE_ENTITY,
    );
  }

  private async renderUpload(
    request: Request,
    response: Response,
    group: Group,
    period: Period,
    form: { errors: FormErrors; rejected?: unknown },
    status: number = HttpStatus.OK,
  ): Promise<void> {
    // The guard has authenticated the request before any page renders.
    const history = (await this.returns.history(group.id, period, HISTORY_PAGE, request.actor!)).items;
    await this.pages.render(
      request,
      response,
      'returns/upload.njk',
      {
        title: 'Upload a return',
        hasErrors: form.errors.any(),
        errorList: form.errors.summary(),
        fileError: form.rejected
          ? {
              text: `The file has ${form.errors.summary().length} problem${form.errors.summary().length === 1 ? '' : 's'}: fix them and upload it again`,
            }
          : form.errors.byField().file,
        rejected: form.rejected ?? null,
        group,
        period: { ...period, label: formatPeriod(period) },
        history,
      },
      status,
    );
  }

  /** The group and period chosen, refused (403) when the group is not one the actor acts for. */
  private async chosen(
    groupReference: string | undefined,
    periodLabel: string | undefined,
    actor: Actor,
  ): Promise<{ group: Group; period: Period }> {
    const group = await this.returns.resolveGroup(groupReference);
    this.returns.assertMaySubmit(actor, group);
    return { group, period: this.returns.parsePeriod(periodLabel) };
  }

  private async groupsFor(actor: Actor, period: Period) {
    const owing = await this.returns.status(period);
    return actor.role === 'admin' ? owing : owing.filter((g) => actor.groupIds.includes(g.groupId));
  }
}
