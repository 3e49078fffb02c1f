import { Body, Get, HttpStatus, Param, ParseEnumPipe, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { type Actor, hasPermission, Permission } from '../../../../libs/access/index.js';
import { CatalogueService } from '../../../../libs/catalogue/index.js';
import { Clock } from '../../../../libs/common/index.js';
import { formatPeriod, parsePeriod } from '../../../../libs/periods/index.js';
import {
  REPORT_TYPE_RULES,
  REPORT_TYPES,
  ReportsError,
  ReportsService,
  type ReportFormat,
  type ReportTypeName,
  type ReportView,
} from '../../../../libs/reports/index.js';
import { CurrentActor, HasPermission } from '../auth/auth.decorators.js';
import { CONTENT_TYPES, FORMATS } from '../reports/reports.controller.js';
import { PageRenderer } from './page-renderer.js';
import { WebController } from './web-controller.decorator.js';
import { currentReturnsQuarter } from './reporting-period.js';
import { FormErrors, formText, LIST_PAGE_SIZE, pageNumber } from './web-forms.js';

const text = (value: unknown): string => formText(value).trim();

const uuid = new ParseUUIDPipe({ version: '4' });
/** Seconds between refreshes while a paper on the page is still being produced. */
const REFRESH_SECONDS = 5;
const STATUS = {
  queued: { text: 'Queued', tag: 'govuk-tag--grey' },
  running: { text: 'Being produced', tag: 'govuk-tag--blue' },
  completed: { text: 'Ready', tag: 'govuk-tag--green' },
  failed: { text: 'Failed', tag: 'govuk-tag--red' },
} as const;

/** Papers by type and period for the roles that may see them, their progress, files, requests and retries. */
@WebController('reports')
export class PapersController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly reports: ReportsService,
    private readonly catalogue: CatalogueService,
    private readonly clock: Clock,
  ) {}

  @Get()
  @HasPermission(Permission.ReportsRead)
  async list(
    @Req() request: Request,
    @Res() response: Response,
    @Query() query: Record<string, unknown>,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.renderList(request, response, actor, query, new FormErrors(), {});
  }

  @Post()
  @HasPermission(Permission.ReportsRequest)
  async request(
    @Req() request: Request,
    @Res() response: Response,
    @Body() body: Record<string, unknown>,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    const values = { type: text(body.type), period: text(body.period), group: text(body.group) };
    const errors = new FormErrors();
    if (!(REPORT_TYPES as readonly string[]).includes(values.type)) errors.add('type', 'Choose which paper you want');
    const period = parsePeriod(values.period);
    if (!values.period) errors.add('period', 'Enter the period, like 2026-27 Q2 (or 2026-27 H1 for the HWB pack)');
    else if (!period.ok) errors.add('period', `Enter the period like 2026-27 Q2: ${period.message}`);
    if (!errors.any() && period.ok) {
      try {
        const report = await this.reports.request(
          {
            type: values.type as ReportTypeName,
            period: period.period,
            group: values.type === 'group_update' ? values.group || null : null,
          },
          'on_demand',
          actor,
        );
        return response.redirect(303, `/reports?requested=${report.id}`);
      } catch (error) {
        if (!(error instanceof ReportsError) || !['invalid', 'forbidden'].includes(error.kind)) throw error;
        errors.add(values.type === 'group_update' && /group/i.test(error.message) ? 'group' : 'period', error.message);
      }
    }
    await this.renderList(request, response, actor, {}, errors, values, HttpStatus.UNPROCESSABLE_ENTITY);
  }

  @Post(':id/retry')
  @HasPermission(Permission.JobsManage)
  async retry(@Res() response: Response, @Param('id', uuid) id: string, @CurrentActor() actor: Actor): Promise<void> {
    await this.reports.retry(id, actor);
    response.redirect(303, '/reports');
  }

  @Get(':id/files/:format')
  @HasPermission(Permission.ReportsRead)
  async download(
    @Param('id', uuid) id: string,
    @Param('format', new ParseEnumPipe(FORMATS)) format: ReportFormat,
    @CurrentActor() actor: Actor,
    @Res() response: Response,
  ): Promise<void> {
    const file = await this.reports.filePath(id, format, actor);
    response.setHeader('content-type', CONTENT_TYPES[format]);
    response.download(file.path, file.fileName);
  }

  private async renderList(
    request: Request,
    response: Response,
    actor: Actor,
    query: Record<string, unknown>,
    errors: FormErrors,
    values: Record<string, string>,
    status: number = HttpStatus.OK,
  ): Promise<void> {
    const type = text(query.type);
    const page = pageNumber(query);
    const result = await this.reports.list(
      { type: (REPORT_TYPES as readonly string[]).includes(type) ? (type as ReportTypeName) : undefined },
      { page, pageSize: LIST_PAGE_SIZE },
      actor,
    );
    const mayRequest = hasPermission(actor.role, Permission.ReportsRequest);
    const requestable = REPORT_TYPES.filter((t) => actor.role !== 'data_officer' || t === 'group_update');
    const groups = mayRequest ? await this.requestGroups(actor) : [];
    const inProgress = result.items.some((r) => r.status === 'queued' || r.status === 'running');
    await this.pages.render(
      request,
      response,
      'reports/list.njk',
      {
        title: 'Reports',
        hasErrors: errors.any(),
        errorList: errors.summary(),
        fieldErrors: errors.byField(),
        refreshSeconds: inProgress && !errors.any() ? REFRESH_SECONDS : null,
        path: request.originalUrl,
        requestedId: text(query.requested),
        reports: result.items.map((r) => view(r)),
        total: result.total,
        mayRetry: hasPermission(actor.role, Permission.JobsManage),
        mayRequest,
        typeFilter: [{ value: '', text: 'Any paper' }, ...REPORT_TYPES.map((t) => option(t, type))],
        requestTypes: requestable.map((t) => option(t, values.type)),
        groups: [
          { value: '', text: 'Choose a group' },
          ...groups.map((g) => ({ ...g, selected: g.value === values.group })),
        ],
        form: { period: values.period ?? formatPeriod(currentReturnsQuarter(this.clock.now())) },
      },
      status,
    );
  }

  private async requestGroups(actor: Actor): Promise<{ value: string; text: string }[]> {
    const { items } = await this.catalogue.listGroups({ kind: 'lead_group' }, undefined, { page: 1, pageSize: 500 });
    return items
      .filter((g) => actor.role !== 'data_officer' || actor.groupIds.includes(g.id))
      .map((g) => ({ value: g.id, text: `${g.name} (${g.code})` }));
  }
}

function option(type: ReportTypeName, selected: string | undefined) {
  const rule = REPORT_TYPE_RULES[type];
  return { value: type, text: `${rule.title} (${rule.audience})`, selected: type === selected };
}

function view(report: ReportView) {
  return { ...report, statusText: STATUS[report.status].text, statusTag: STATUS[report.status].tag };
}
