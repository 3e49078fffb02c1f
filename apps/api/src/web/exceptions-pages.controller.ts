import { Body, Get, HttpStatus, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { type Actor, hasPermission, Permission } from '../../../../libs/access/index.js';
import { CatalogueService } from '../../../../libs/catalogue/index.js';
import { DomainError } from '../../../../libs/common/index.js';
import {
  EXCEPTION_KIND_LABELS,
  EXCEPTION_KINDS,
  EXCEPTION_STATUS_LABELS,
  EXCEPTION_STATUSES,
  ExceptionsService,
  type ExceptionDetailView,
  type ExceptionFilter,
  type ExceptionKind,
  type ExceptionStatus,
  type HistoryAction,
} from '../../../../libs/exceptions/index.js';
import { parsePeriod } from '../../../../libs/periods/index.js';
import { CurrentActor, HasPermission } from '../auth/auth.decorators.js';
import { PageRenderer } from './page-renderer.js';
import { WebController } from './web-controller.decorator.js';
import { FormErrors, formText as text, LIST_PAGE_SIZE, pageNumber, readDateInput } from './web-forms.js';

const uuid = new ParseUUIDPipe({ version: '4' });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STATUS_TAG: Readonly<Record<ExceptionStatus, string>> = {
  open: 'govuk-tag--red',
  commented: 'govuk-tag--yellow',
  reviewed: 'govuk-tag--blue',
  referred: 'govuk-tag--purple',
  closed: 'govuk-tag--grey',
};
/** The service's field names → the form's, so a problem links to its field. */
const FIELD_IDS: Readonly<Record<string, string>> = {
  cause: 'cause',
  action: 'action',
  expectedRecoveryDate: 'expectedRecoveryDate-day',
  reason: 'reason',
  note: 'note',
};

const HISTORY_LABELS: Readonly<Record<HistoryAction, string>> = {
  raised: 'Raised',
  reopened: 'Reopened',
  closed_automatically: 'Closed: no longer holds',
  carried_forward: 'Carried forward',
  commentary: 'Owner commentary',
  reviewed: 'Reviewed',
  referred: 'Referred to the board',
  closed: 'Closed',
};

type FormValues = Record<string, string>;

/**
 * Exceptions in the browser: the list with filters and an exception's page, with the owner's commentary
 * form and the executive's review, refer and close. What each actor sees is what ExceptionsService
 * returns for them, so its scoping and any redaction apply here unchanged.
 */
@WebController('exceptions')
export class ExceptionsPagesController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly exceptions: ExceptionsService,
    private readonly catalogue: CatalogueService,
  ) {}

  @Get()
  @HasPermission(Permission.ExceptionsRead)
  async list(
    @Req() request: Request,
    @Res() response: Response,
    @Query() query: Record<string, unknown>,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    const errors = new FormErrors();
    const filter: ExceptionFilter = {};
    const status = text(query.status);
    const kind = text(query.kind);
    if ((EXCEPTION_STATUSES as readonly string[]).includes(status)) Object.assign(filter, { status: [status] });
    if ((EXCEPTION_KINDS as readonly string[]).includes(kind)) Object.assign(filter, { kind: [kind] });
    const group = UUID.test(text(query.group)) ? text(query.group) : '';
    const priority = UUID.test(text(query.priority)) ? text(query.priority) : '';
    if (group) Object.assign(filter, { owningGroupId: group });
    if (priority) Object.assign(filter, { priorityId: priority });
    const periodLabel = text(query.period).trim();
    if (periodLabel) {
      const parsed = parsePeriod(periodLabel);
      if (parsed.ok) Object.assign(filter, { period: parsed.period });
      else errors.add('period', `Enter a period like 2025-26 Q2 or Sep 2025 (${parsed.message})`);
    }
    const page = pageNumber(query);
    const [result, priorities, groups] = await Promise.all([
      this.exceptions.list(filter, { page, pageSize: LIST_PAGE_SIZE }, actor),
      this.catalogue.listPriorities({}, undefined, { page: 1, pageSize: 200 }),
      this.catalogue.listGroups({ kind: 'lead_group' }, undefined, { page: 1, pageSize: 500 }),
    ]);
    const pages = Math.max(1, Math.ceil(result.total / LIST_PAGE_SIZE));
    const link = (n: number) => `/exceptions?${new URLSearchParams({ ...stringQuery(query), page: String(n) })}`;
    await this.pages.render(request, response, 'exceptions/list.njk', {
      title: 'Exceptions',
      hasErrors: errors.any(),
      errorList: errors.summary(),
      fieldErrors: errors.byField(),
      result,
      items: result.items.map((e) => ({ ...e, statusTag: STATUS_TAG[e.status] })),
      filters: { status, kind, period: periodLabel },
      priorityItems: [
        { value: '', text: 'Any priority' },
        ...priorities.items.map((p) => ({ value: p.id, text: `${p.code} ${p.title}`, selected: p.id === priority })),
      ],
      groupItems: [
        { value: '', text: 'Any group' },
        ...groups.items
          .filter((g) => actor.role !== 'data_officer' || actor.groupIds.includes(g.id))
          .map((g) => ({ value: g.id, text: `${g.name} (${g.code})`, selected: g.id === group })),
      ],
      statusItems: [
        { value: '', text: 'Any status' },
        ...EXCEPTION_STATUSES.map((s) => ({ value: s, text: EXCEPTION_STATUS_LABELS[s], selected: s === status })),
      ],
      kindItems: [
        { value: '', text: 'Any kind' },
        ...EXCEPTION_KINDS.map((k) => ({
          value: k,
          text: EXCEPTION_KIND_LABELS[k as ExceptionKind],
          selected: k === kind,
        })),
      ],
      pagination: {
        previous: page > 1 ? { href: link(page - 1) } : undefined,
        next: page < pages ? { href: link(page + 1) } : undefined,
        current: page,
        pages,
      },
    });
  }

  @Get(':id')
  @HasPermission(Permission.ExceptionsRead)
  async page(
    @Req() request: Request,
    @Res() response: Response,
    @Param('id', uuid) id: string,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.renderException(request, response, await this.exceptions.get(id, actor), actor, new FormErrors(), {});
  }

  @Post(':id/commentary')
  @HasPermission(Permission.ExceptionsComment)
  async commentary(
    @Req() request: Request,
    @Res() response: Response,
    @Param('id', uuid) id: string,
    @Body() body: Record<string, unknown>,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    const values: FormValues = {
      cause: text(body.cause),
      action: text(body.action),
      'expectedRecoveryDate-day': text(body['expectedRecoveryDate-day']),
      'expectedRecoveryDate-month': text(body['expectedRecoveryDate-month']),
      'expectedRecoveryDate-year': text(body['expectedRecoveryDate-year']),
    };
    const date = readDateInput(
      values['expectedRecoveryDate-day'],
      values['expectedRecoveryDate-month'],
      values['expectedRecoveryDate-year'],
      'The expected recovery date',
    );
    if (!date.ok) {
      const errors = new FormErrors().add('expectedRecoveryDate', date.message, '#expectedRecoveryDate-day');
      return this.renderException(request, response, await this.exceptions.get(id, actor), actor, errors, values);
    }
    await this.act(request, response, id, actor, values, () =>
      this.exceptions.addCommentary(
        id,
        { cause: values.cause, action: values.action, expectedRecoveryDate: date.date },
        actor,
      ),
    );
  }

  @Post(':id/review')
  @HasPermission(Permission.ExceptionsReview)
  async review(
    @Req() request: Request,
    @Res() response: Response,
    @Param('id', uuid) id: string,
    @Body() body: Record<string, unknown>,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    const note = text(body.note).trim() || null;
    const publishCommentary = text(body.publishCommentary) === 'yes';
    await this.act(request, response, id, actor, { note: note ?? '' }, () =>
      this.exceptions.review(id, note, actor, { publishCommentary }),
    );
  }

  @Post(':id/refer')
  @HasPermission(Permission.ExceptionsReview)
  async refer(
    @Req() request: Request,
    @Res() response: Response,
    @Param('id', uuid) id: string,
    @Body() body: Record<string, unknown>,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    const note = text(body.note).trim() || null;
    await this.act(request, response, id, actor, { note: note ?? '' }, () => this.exceptions.refer(id, note, actor));
  }

  @Post(':id/close')
  @HasPermission(Permission.ExceptionsReview)
  async close(
    @Req() request: Request,
    @Res() response: Response,
    @Param('id', uuid) id: string,
    @Body() body: Record<string, unknown>,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    const reason = text(body.reason).trim();
    if (reason.length < 3) {
      const errors = new FormErrors().add('reason', 'Say why the exception is being closed, like "Recovered in Q3"');
      return this.renderException(request, response, await this.exceptions.get(id, actor), actor, errors, { reason });
    }
    await this.act(request, response, id, actor, { reason }, () => this.exceptions.close(id, reason, actor));
  }

  /** Runs a lifecycle step; a refusal the person can fix (422) comes back as the page with its error summary. */
  private async act(
    request: Request,
    response: Response,
    id: string,
    actor: Actor,
    values: FormValues,
    step: () => Promise<ExceptionDetailView>,
  ): Promise<void> {
    try {
      await step();
    } catch (error) {
      if (!(error instanceof DomainError) || error.kind !== 'invalid') throw error;
      const errors = new FormErrors();
      const details = error.details?.length ? error.details : [{ location: undefined, message: error.message }];
      for (const detail of details) {
        const field = detail.location && FIELD_IDS[detail.location] ? detail.location : 'lifecycle';
        errors.add(field, detail.message, `#${FIELD_IDS[field] ?? 'lifecycle'}`);
      }
      const exception = await this.exceptions.get(id, actor);
      return this.renderException(request, response, exception, actor, errors, values, HttpStatus.UNPROCESSABLE_ENTITY);
    }
    response.redirect(303, `/exceptions/${id}?updated=1`);
  }

  private renderException(
    request: Request,
    response: Response,
    exception: ExceptionDetailView,
    actor: Actor,
    errors: FormErrors,
    values: FormValues,
    status: number = errors.any() ? HttpStatus.UNPROCESSABLE_ENTITY : HttpStatus.OK,
  ): Promise<void> {
    const recovery = exception.commentary?.expectedRecoveryDate?.split('-') ?? [];
    const mayComment =
      hasPermission(actor.role, Permission.ExceptionsComment) &&
      exception.status !== 'closed' &&
      (actor.role === 'admin' || (exception.owningGroup !== null && actor.groupIds.includes(exception.owningGroup.id)));
    return this.pages.render(
      request,
      response,
      'exceptions/exception.njk',
      {
        title: `${exception.indicator?.code ?? exception.owningGroup?.code ?? ''} ${exception.kindLabel}`.trim(),
        hasErrors: errors.any(),
        errorList: errors.summary(),
        fieldErrors: errors.byField(),
        exception,
        statusTag: STATUS_TAG[exception.status],
        historyLabels: HISTORY_LABELS,
        updated: request.query.updated === '1',
        mayComment,
        mayReview: hasPermission(actor.role, Permission.ExceptionsReview) && exception.status !== 'closed',
        form: {
          cause: values.cause ?? exception.commentary?.cause ?? '',
          action: values.action ?? exception.commentary?.action ?? '',
          day: values['expectedRecoveryDate-day'] ?? (recovery[2] ? String(Number(recovery[2])) : ''),
          month: values['expectedRecoveryDate-month'] ?? (recovery[1] ? String(Number(recovery[1])) : ''),
          year: values['expectedRecoveryDate-year'] ?? recovery[0] ?? '',
          note: values.note ?? '',
          reason: values.reason ?? '',
        },
      },
      status,
    );
  }
}

function stringQuery(query: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    ['status', 'kind', 'priority', 'group', 'period'].flatMap((key) =>
      text(query[key]) ? [[key, text(query[key])]] : [],
    ),
  );
}
