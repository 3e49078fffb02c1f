import { Injectable, Optional } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  AccessError,
  AccessErrorCode,
  type Actor,
  disclosureFor,
  type ExceptionReader,
  groupScopeOf,
  isPaperReader,
  mayActForGroup,
  type PersonKind,
  personAs,
  personKindOf,
} from '../access/index.js';
import { AuditService } from '../audit/index.js';
import { Clock, Page, PageRequest, pageOf, skipFor } from '../common/index.js';
import { formatPeriod, isIsoDate, type Period, type PeriodType } from '../periods/index.js';
import { JobName, QueueName, QueueService } from '../queue/index.js';
import {
  EXCEPTION_KIND_LABELS,
  EXCEPTION_STATUS_LABELS,
  type Closure,
  type ExceptionKind,
  type ExceptionReasons,
  type ExceptionStatus,
  type HistoryAction,
} from '../series/index.js';
import { ExceptionsError, ExceptionsErrorCode } from './exceptions.error.js';

export interface ExceptionFilter {
  status?: readonly ExceptionStatus[];
  kind?: readonly ExceptionKind[];
  positive?: boolean;
  priorityId?: string;
  owningGroupId?: string;
  period?: Pick<Period, 'type' | 'start'>;
  indicatorId?: string;
  areaId?: string;
}

export interface Commentary {
  cause: string;
  action: string;
  /** ISO date; required for a negative exception. */
  expectedRecoveryDate?: string | null;
}

export interface ExceptionView {
  id: string;
  kind: ExceptionKind;
  kindLabel: string;
  positive: boolean;
  status: ExceptionStatus;
  statusLabel: string;
  closure: Closure | null;
  /** Whether the condition held at the last evaluation. */
  holds: boolean;
  summary: string;
  indicator: { id: string; code: string; title: string } | null;
  area: { id: string; code: string; name: string } | null;
  period: Period & { label: string };
  owningGroup: { id: string; code: string; name: string } | null;
  priority: { id: string; code: string; title: string } | null;
  /** Which data the evaluation used. */
  dataCut: { returnId: string | null; targetVersionId: string | null };
  firstRaisedAt: string;
  lastEvaluatedAt: string;
  statusChangedAt: string;
  /**
   * The owning group's commentary, where this reader may see it (libs/access/disclosure.ts). `by` is the
   * author's email for admins and the author, their role and group for everyone else.
   */
  commentary: {
    cause: string;
    action: string;
    expectedRecoveryDate: string | null;
    by: string;
    at: string;
    /** The executive approved it for publication in papers that are not confidential. */
    published: boolean;
  } | null;
  /** There is commentary, but this reader may not see it ("Commentary held by the executive"). */
  commentaryHeld: boolean;
  /** The lifecycle history is held from this reader; `history` is empty. */
  historyHeld: boolean;
  reviewed: { by: string; at: string } | null;
  referred: { by: string; at: string } | null;
  /** The closing reason is held with the commentary. */
  closed: { by: string | null; at: string; reason: string | null } | null;
  carriedForwardFromId: string | null;
}

export interface ExceptionHistoryEntry {
  at: string;
  actorKind: 'user' | 'token' | 'system';
  actor: string;
  action: HistoryAction;
  fromStatus: ExceptionStatus | null;
  toStatus: ExceptionStatus;
  note: string | null;
}

export interface CarriedForwardLink {
  id: string;
  period: Period & { label: string };
  status: ExceptionStatus;
  summary: string;
  history: ExceptionHistoryEntry[];
}

export interface ExceptionDetailView extends ExceptionView {
  reasons: ExceptionReasons;
  history: ExceptionHistoryEntry[];
  /** The earlier periods' exceptions this one carries forward, most recent first, each with its history. */
  carriedForwardFrom: CarriedForwardLink[];
  /** The later period's exception that carried this one forward, if any. */
  carriedForwardToId: string | null;
}

interface ExceptionRow {
  id: string;
  kind: ExceptionKind;
  positive: boolean;
  status: ExceptionStatus;
  closure: Closure | null;
  holds: boolean;
  summary: string;
  indicator_id: string | null;
  indicator_code: string | null;
  indicator_title: string | null;
  area_id: string | null;
  area_code: string | null;
  area_name: string | null;
  period_type: PeriodType;
  period_start: string;
  period_end: string;
  owning_group_id: string | null;
  group_code: string | null;
  group_name: string | null;
  priority_id: string | null;
  priority_code: string | null;
  priority_title: string | null;
  return_id: string | null;
  target_version_id: string | null;
  first_raised_at: Date;
  last_evaluated_at: Date;
  status_changed_at: Date;
  commentary_cause: string | null;
  commentary_action: string | null;
  commentary_expected_recovery: string | null;
  commentary_by: string | null;
  commentary_by_role: PersonKind | null;
  commentary_at: Date | null;
  commentary_published_at: Date | null;
  reviewed_by: string | null;
  reviewed_by_role: PersonKind | null;
  reviewed_at: Date | null;
  referred_by: string | null;
  referred_by_role: PersonKind | null;
  referred_at: Date | null;
  closed_by: string | null;
  closed_by_role: PersonKind | null;
  closed_at: Date | null;
  close_reason: string | null;
  carried_forward_from_id: string | null;
  reasons?: ExceptionReasons;
}

const SELECT = `
  SELECT e.id, e.kind, e.positive, e.status, e.closure, e.holds, e.summary,
         e.indicator_id, i.code AS indicator_code, i.title AS indicator_title,
         e.area_id, a.code AS area_code, a.name AS area_name,
         e.period_type, e.period_start::text AS period_start, e.period_end::text AS period_end,
         e.owning_group_id, g.code AS group_code, g.name AS group_name,
         e.priority_id, p.code AS priority_code, p.title AS priority_title,
         e.return_id, e.target_version_id, e.first_raised_at, e.status_changed_at,
         greatest(e.last_evaluated_at, ev.evaluated_at) AS last_evaluated_at,
         e.commentary_cause, e.commentary_action, e.commentary_expected_recovery::text AS commentary_expected_recovery,
         e.commentary_by, e.commentary_by_role, e.commentary_at, e.commentary_published_at,
         e.reviewed_by, e.reviewed_by_role, e.reviewed_at, e.referred_by, e.referred_by_role, e.referred_at,
         e.closed_by, e.closed_by_role, e.closed_at, e.close_reason, e.carried_forward_from_id`;
const FROM = `
    FROM exception e
    LEFT JOIN indicator i ON i.id = e.indicator_id
    LEFT JOIN area a ON a.id = e.area_id
    LEFT JOIN partnership_group g ON g.id = e.owning_group_id
    LEFT JOIN priority p ON p.id = e.priority_id
    LEFT JOIN exception_evaluation ev
      ON ev.subject = CASE WHEN e.indicator_id IS NULL THEN 'returns:' || e.owning_group_id ELSE 'indicator:' || e.indicator_id END`;

function disclosureOf(reader: ExceptionReader, row: ExceptionRow) {
  return disclosureFor(reader, {
    owningGroupId: row.owning_group_id,
    referred: row.referred_at !== null,
    commentaryPublished: row.commentary_published_at !== null,
  });
}

/** Who acted, as the reader may see them; a data officer or token acted for the exception's group. */
function personIn(reader: ExceptionReader, row: ExceptionRow, label: string, kind: PersonKind | null): string {
  return personAs(reader, { label, kind, groupName: row.group_name });
}

function toView(row: ExceptionRow, reader: ExceptionReader): ExceptionView {
  const period: Period = { type: row.period_type, start: row.period_start, end: row.period_end };
  const sees = disclosureOf(reader, row);
  return {
    id: row.id,
    kind: row.kind,
    kindLabel: EXCEPTION_KIND_LABELS[row.kind],
    positive: row.positive,
    status: row.status,
    statusLabel: EXCEPTION_STATUS_LABELS[row.status],
    closure: row.closure,
    holds: row.holds,
    summary: row.summary,
    indicator: row.indicator_id
      ? { id: row.indicator_id, code: row.indicator_code!, title: row.indicator_title! }
      : null,
    area: row.area_id ? { id: row.area_id, code: row.area_code!, name: row.area_name! } : null,
    period: { ...period, label: formatPeriod(period) },
    owningGroup: row.owning_group_id ? { id: row.owning_group_id, code: row.group_code!, name: row.group_name! } : null,
    priority: row.priority_id ? { id: row.priority_id, code: row.priority_code!, title: row.priority_title! } : null,
    dataCut: { returnId: row.return_id, targetVersionId: row.target_version_id },
    firstRaisedAt: row.first_raised_at.toISOString(),
    lastEvaluatedAt: row.last_evaluated_at.toISOString(),
    statusChangedAt: row.status_changed_at.toISOString(),
    commentary:
      row.commentary_at && sees.commentary
        ? {
            cause: row.commentary_cause!,
            action: row.commentary_action!,
            expectedRecoveryDate: row.commentary_expected_recovery,
            by: personIn(reader, row, row.commentary_by!, row.commentary_by_role),
            at: row.commentary_at.toISOString(),
            published: row.commentary_published_at !== null,
          }
        : null,
    commentaryHeld: row.commentary_at !== null && !sees.commentary,
    historyHeld: !sees.history,
    reviewed: row.reviewed_at
      ? { by: personIn(reader, row, row.reviewed_by!, row.reviewed_by_role), at: row.reviewed_at.toISOString() }
      : null,
    referred: row.referred_at
      ? { by: personIn(reader, row, row.referred_by!, row.referred_by_role), at: row.referred_at.toISOString() }
      : null,
    closed: row.closed_at
      ? {
          // Only a manual close is someone's; the evaluation closes the others.
          by: row.closed_by
            ? personIn(reader, row, row.closed_by, row.closure === 'manual' ? row.closed_by_role : 'system')
            : null,
          at: row.closed_at.toISOString(),
          reason: sees.commentary ? row.close_reason : null,
        }
      : null,
    carriedForwardFromId: row.carried_forward_from_id,
  };
}

interface HistoryRow {
  exception_id: string;
  at: Date;
  actor_kind: ExceptionHistoryEntry['actorKind'];
  actor_label: string;
  actor_role: PersonKind | null;
  action: HistoryAction;
  from_status: ExceptionStatus | null;
  to_status: ExceptionStatus;
  note: string | null;
}

const toHistory = (reader: ExceptionReader, groupName: string | null, row: HistoryRow): ExceptionHistoryEntry => ({
  at: row.at.toISOString(),
  actorKind: row.actor_kind,
  // The evaluation writes its own entries without a role: they are the platform's.
  actor: personAs(reader, {
    label: row.actor_label,
    kind: row.actor_role ?? (row.actor_kind === 'user' ? null : row.actor_kind),
    groupName,
  }),
  action: row.action,
  fromStatus: row.from_status,
  toStatus: row.to_status,
  note: row.note,
});

/** How far back a carried-forward chain is shown: six years of quarters. */
const CHAIN_LIMIT = 24;

/**
 * Reading exceptions and moving them through their lifecycle (SPEC 4): owner commentary, review by the
 * executive, referral to the board, closing. Every change writes its history and an audit event in one
 * transaction. Data officers see and comment on their own groups' exceptions only; what each reader sees of
 * an exception (commentary, history, people) follows the one rule in libs/access/disclosure.ts.
 */
@Injectable()
export class ExceptionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    // Absent only in contexts without a queue (the demo seed script), which never request a rebuild.
    @Optional() private readonly queues?: QueueService,
  ) {}

  async list(filter: ExceptionFilter, page: PageRequest, reader: ExceptionReader): Promise<Page<ExceptionView>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (clause: string, ...values: unknown[]): void => {
      let text = clause;
      for (const value of values) {
        params.push(value);
        text = text.replace('?', `$${params.length}`);
      }
      where.push(text);
    };
    if (filter.status?.length) add('e.status = ANY(?::text[])', filter.status);
    if (filter.kind?.length) add('e.kind = ANY(?::text[])', filter.kind);
    if (filter.positive !== undefined) add('e.positive = ?', filter.positive);
    if (filter.priorityId) add('e.priority_id = ?', filter.priorityId);
    if (filter.owningGroupId) add('e.owning_group_id = ?', filter.owningGroupId);
    if (filter.period) add('e.period_type = ? AND e.period_start = ?::date', filter.period.type, filter.period.start);
    if (filter.indicatorId) add('e.indicator_id = ?', filter.indicatorId);
    if (filter.areaId) add('e.area_id = ?', filter.areaId);
    const scoped = groupScope(reader);
    if (scoped) add('e.owning_group_id = ANY(?::uuid[])', scoped);
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const manager = this.dataSource.manager;
    const [{ count }] = await manager.query(`SELECT count(*)::int AS count FROM exception e ${whereSql}`, params);
    const rows: ExceptionRow[] = await manager.query(
      `${SELECT} ${FROM} ${whereSql}
        ORDER BY e.period_start DESC, p.display_order NULLS LAST, p.code NULLS LAST, g.code NULLS LAST, i.code NULLS LAST, a.code NULLS LAST, e.kind, e.id
        LIMIT ${page.pageSize} OFFSET ${skipFor(page)}`,
      params,
    );
    return pageOf(
      rows.map((row) => toView(row, reader)),
      count,
      page,
    );
  }

  async get(id: string, reader: ExceptionReader): Promise<ExceptionDetailView> {
    const manager = this.dataSource.manager;
    const row = await this.findRow(manager, id);
    assertCanSee(reader, row);
    const view = toView(row, reader);
    const chain: {
      id: string;
      period_type: PeriodType;
      period_start: string;
      period_end: string;
      status: ExceptionStatus;
      summary: string;
    }[] = await manager.query(
      `WITH RECURSIVE chain AS (
           SELECT p.id, p.carried_forward_from_id, 1 AS depth FROM exception p
            WHERE p.id = (SELECT carried_forward_from_id FROM exception WHERE id = $1)
           UNION ALL
           SELECT p.id, p.carried_forward_from_id, c.depth + 1 FROM exception p JOIN chain c ON p.id = c.carried_forward_from_id
            WHERE c.depth < ${CHAIN_LIMIT})
         SELECT e.id, e.period_type, e.period_start::text AS period_start, e.period_end::text AS period_end, e.status, e.summary
           FROM chain JOIN exception e ON e.id = chain.id ORDER BY chain.depth`,
      [id],
    );
    const history: HistoryRow[] = view.historyHeld
      ? []
      : await manager.query(
          `SELECT exception_id, at, actor_kind, actor_label, actor_role, action, from_status, to_status, note
             FROM exception_history WHERE exception_id = ANY($1::uuid[]) ORDER BY id`,
          [[id, ...chain.map((link) => link.id)]],
        );
    const [next]: { id: string }[] = await manager.query(
      `SELECT id FROM exception WHERE carried_forward_from_id = $1 ORDER BY period_start DESC LIMIT 1`,
      [id],
    );
    const historyOf = (exceptionId: string): ExceptionHistoryEntry[] =>
      history
        .filter((entry) => entry.exception_id === exceptionId)
        .map((entry) => toHistory(reader, row.group_name, entry));
    return {
      ...view,
      reasons: row.reasons!,
      history: historyOf(id),
      carriedForwardFrom: chain.map((link) => {
        const period: Period = { type: link.period_type, start: link.period_start, end: link.period_end };
        return {
          id: link.id,
          period: { ...period, label: formatPeriod(period) },
          status: link.status,
          summary: link.summary,
          history: historyOf(link.id),
        };
      }),
      carriedForwardToId: next?.id ?? null,
    };
  }

  /** The owning group's account: cause, action and (for a negative exception) when it expects to recover. */
  async addCommentary(id: string, input: Commentary, actor: Actor): Promise<ExceptionDetailView> {
    const cause = input.cause?.trim() ?? '';
    const action = input.action?.trim() ?? '';
    const recovery = input.expectedRecoveryDate ?? null;
    await this.change(id, actor, (row) => {
      if (!mayActForGroup(actor, row.owning_group_id)) {
        throw new AccessError(
          AccessErrorCode.OutOfScope,
          'Only a data officer of the owning group, or an admin, may add commentary to this exception.',
        );
      }
      const problems = [
        cause === '' ? { location: 'cause', message: 'Say what caused it.' } : null,
        action === '' ? { location: 'action', message: 'Say what is being done about it.' } : null,
        recovery !== null && !isIsoDate(recovery)
          ? { location: 'expectedRecoveryDate', message: `'${recovery}' is not a date; use YYYY-MM-DD.` }
          : null,
        recovery === null && !row.positive
          ? { location: 'expectedRecoveryDate', message: 'Give the date by which performance is expected to recover.' }
          : null,
      ].filter((problem) => problem !== null);
      if (problems.length > 0) {
        throw new ExceptionsError(ExceptionsErrorCode.InvalidCommentary, 'The commentary is incomplete.', problems);
      }
      return {
        to: row.status === 'open' ? 'commented' : row.status,
        action: 'commentary',
        note: `Cause: ${cause}\nAction: ${action}${recovery ? `\nExpected recovery: ${recovery}` : ''}`,
        set: {
          commentary_cause: cause,
          commentary_action: action,
          commentary_expected_recovery: recovery,
          commentary_by: actor.label,
          commentary_by_role: personKindOf(actor),
          commentary_at: this.clock.now(),
          // New words need the executive's approval again before a paper that is not confidential prints them.
          commentary_published_at: null,
          commentary_published_by: null,
        },
      };
    });
    return this.get(id, actor);
  }

  /**
   * The executive has reviewed it. A negative exception needs the owner's commentary first. The executive
   * may approve the commentary for publication, so papers that are not confidential print it.
   */
  async review(
    id: string,
    note: string | null,
    actor: Actor,
    options: { publishCommentary?: boolean } = {},
  ): Promise<ExceptionDetailView> {
    await this.change(id, actor, (row) => {
      if (row.status === 'reviewed' || row.status === 'referred') {
        throw new ExceptionsError(
          ExceptionsErrorCode.NotAllowedNow,
          `This exception has already been ${row.status === 'reviewed' ? 'reviewed' : 'reviewed and referred to the board'}.`,
        );
      }
      if (!row.positive && row.commentary_at === null) {
        throw new ExceptionsError(
          ExceptionsErrorCode.CommentaryRequired,
          'This exception needs commentary from its owning group (cause, action and expected recovery date) before the executive can review it.',
        );
      }
      if (options.publishCommentary && row.commentary_at === null) {
        throw new ExceptionsError(
          ExceptionsErrorCode.CommentaryRequired,
          'There is no commentary to approve for publication; review it without approving, or wait for the owning group.',
        );
      }
      const now = this.clock.now();
      return {
        to: 'reviewed',
        action: 'reviewed',
        note: options.publishCommentary
          ? [note, 'Commentary approved for publication in papers that are not confidential.']
              .filter(Boolean)
              .join('\n')
          : note,
        set: {
          reviewed_by: actor.label,
          reviewed_by_role: personKindOf(actor),
          reviewed_at: now,
          ...(options.publishCommentary ? { commentary_published_at: now, commentary_published_by: actor.label } : {}),
        },
      };
    });
    return this.get(id, actor);
  }

  /** The executive refers a reviewed exception to the partnership board. */
  async refer(id: string, note: string | null, actor: Actor): Promise<ExceptionDetailView> {
    await this.change(id, actor, (row) => {
      if (row.status === 'referred')
        throw new ExceptionsError(
          ExceptionsErrorCode.NotAllowedNow,
          'This exception has already been referred to the board.',
        );
      if (row.status !== 'reviewed') {
        throw new ExceptionsError(
          ExceptionsErrorCode.NotAllowedNow,
          'The executive reviews an exception before referring it to the board: review it first.',
        );
      }
      return {
        to: 'referred',
        action: 'referred',
        note,
        set: { referred_by: actor.label, referred_by_role: personKindOf(actor), referred_at: this.clock.now() },
      };
    });
    return this.get(id, actor);
  }

  /** The executive closes it, saying why. A later evaluation never reopens an exception closed this way. */
  async close(id: string, reason: string, actor: Actor): Promise<ExceptionDetailView> {
    const why = reason?.trim() ?? '';
    await this.change(id, actor, () => {
      if (why === '')
        throw new ExceptionsError(ExceptionsErrorCode.InvalidCommentary, 'Give the reason for closing the exception.', [
          { location: 'reason', message: 'Give the reason for closing the exception.' },
        ]);
      return {
        to: 'closed',
        action: 'closed',
        note: why,
        set: {
          closure: 'manual',
          closed_by: actor.label,
          closed_by_role: personKindOf(actor),
          closed_at: this.clock.now(),
          close_reason: why,
        },
      };
    });
    return this.get(id, actor);
  }

  /** Queues a full re-evaluation (the worker runs it). */
  async requestRebuild(actor: Actor): Promise<{ queue: QueueName; jobId: string }> {
    if (!this.queues) throw new Error('A rebuild needs the job queue; this context has none.');
    const { jobId } = await this.queues.enqueue(JobName.RebuildExceptions, {
      requestedAt: this.clock.now().toISOString(),
      requestedBy: actor.label,
    });
    return { queue: QueueName.Evaluation, jobId };
  }

  private async change(
    id: string,
    actor: Actor,
    decide: (row: ExceptionRow) => {
      to: ExceptionStatus;
      action: HistoryAction;
      note: string | null;
      set: Record<string, unknown>;
    },
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const before = await this.findRow(manager, id, true);
      assertCanSee(actor, before);
      if (before.status === 'closed') {
        throw new ExceptionsError(
          ExceptionsErrorCode.AlreadyClosed,
          `This exception was closed on ${before.closed_at?.toISOString().slice(0, 10)}; it cannot change now.`,
        );
      }
      const { to, action, note, set } = decide(before);
      const now = this.clock.now();
      const columns = { ...set, status: to, ...(to !== before.status ? { status_changed_at: now } : {}) };
      const names = Object.keys(columns);
      await manager.query(
        `UPDATE exception SET ${names.map((name, i) => `${name} = $${i + 2}`).join(', ')} WHERE id = $1`,
        [id, ...names.map((name) => columns[name as keyof typeof columns])],
      );
      await manager.query(
        `INSERT INTO exception_history (exception_id, at, actor_kind, actor_id, actor_label, actor_role, action, from_status, to_status, note)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [id, now, actor.kind, actor.id, actor.label, personKindOf(actor), action, before.status, to, note],
      );
      const after = await this.findRow(manager, id);
      await this.audit.record(manager, actor, {
        action: `exception.${action}`,
        entityType: 'exception',
        entityId: id,
        before: lifecycleOf(before),
        after: lifecycleOf(after),
      });
    });
  }

  private async findRow(manager: EntityManager, id: string, lock = false): Promise<ExceptionRow> {
    const rows: ExceptionRow[] = await manager.query(
      `${SELECT}, e.reasons ${FROM} WHERE e.id = $1 ${lock ? 'FOR UPDATE OF e' : ''}`,
      [id],
    );
    if (rows[0]?.reasons) rows[0].reasons = { ...rows[0].reasons, summary: rows[0].summary };
    if (rows.length === 0) throw ExceptionsError.notFound(id);
    return rows[0]!;
  }
}

/**
 * Data officers and returns tokens see their own groups only; every other role that may read exceptions reads
 * them all (libs/access groupScopeOf). A paper is scoped by its own filter (a group update asks for its group).
 */
function groupScope(reader: ExceptionReader): readonly string[] | null {
  return isPaperReader(reader) ? null : groupScopeOf(reader);
}

function assertCanSee(reader: ExceptionReader, row: ExceptionRow): void {
  const scoped = groupScope(reader);
  if (scoped && !(row.owning_group_id && scoped.includes(row.owning_group_id)))
    throw new AccessError(AccessErrorCode.OutOfScope);
}

/** The audit trail (admins only) keeps who acted by email. */
function lifecycleOf(row: ExceptionRow): Record<string, unknown> {
  const at = (date: Date | null) => date?.toISOString() ?? null;
  return {
    kind: row.kind,
    status: row.status,
    closure: row.closure,
    commentary: row.commentary_at
      ? {
          cause: row.commentary_cause,
          action: row.commentary_action,
          expectedRecoveryDate: row.commentary_expected_recovery,
          by: row.commentary_by,
          at: at(row.commentary_at),
          publishedAt: at(row.commentary_published_at),
        }
      : null,
    reviewed: row.reviewed_at ? { by: row.reviewed_by, at: at(row.reviewed_at) } : null,
    referred: row.referred_at ? { by: row.referred_by, at: at(row.referred_at) } : null,
    closed: row.closed_at ? { by: row.closed_by, at: at(row.closed_at), reason: row.close_reason } : null,
  };
}
