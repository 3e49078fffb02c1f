import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  adminActionBy,
  type Actor,
  type Classification,
  maySeeGroup,
  type PersonKind,
  personFor,
  personKindOf,
  systemActor,
} from '../access/index.js';
import { PeriodLockService } from '../catalogue/index.js';
import { AuditService } from '../audit/index.js';
import { Clock, Page, PageRequest, pageOf, skipFor } from '../common/index.js';
import { APP_CONFIG, AppConfig } from '../config/index.js';
import { rawClient, withRawClient } from '../database/index.js';
import { formatPeriod, Period, periodKey, PeriodType } from '../periods/index.js';
import { JobName, QueueService } from '../queue/index.js';
import type { ReportModel } from '../reporting/index.js';
import { findGroupId, loadDataCut } from '../series/index.js';
import { PaperSettingsService } from './paper-settings.service.js';
import { resolveStored, storedSha256, type StoredFile } from './report-files.js';
import { REPORT_TYPE_RULES, ReportFormat, ReportTypeName } from './report-types.js';
import { ReportsError, ReportsErrorCode } from './reports.error.js';

export interface ReportRequest {
  type: ReportTypeName;
  period: Period;
  /** The group's id or code: required for a group update, refused otherwise. */
  group?: string | null;
}

export interface DataCut {
  returnIds: string[];
  targetVersionIds: string[];
  /** Absent in reports requested before comparators were part of the cut. */
  comparatorImportIds?: string[];
}

export interface ReportFileView {
  format: ReportFormat;
  byteSize: number;
  sha256: string;
}

export interface ReportView {
  id: string;
  type: ReportTypeName;
  title: string;
  audience: string;
  period: Period & { label: string };
  groupId: string | null;
  status: 'queued' | 'running' | 'completed' | 'failed';
  progress: number;
  error: string | null;
  attempts: number;
  classification: Classification;
  confidential: boolean;
  trigger: 'on_demand' | 'schedule';
  /** An email for admins and the requester; a role for everyone else. */
  requestedBy: string;
  requestedAt: string;
  generatedAt: string | null;
  jobId: string;
  dataCut: { returns: number; targetVersions: number; comparatorImports: number; hash: string };
  files: ReportFileView[];
  /** When its period was locked, as it stood when the paper was requested; null: built on unlocked figures. */
  periodLock: { lockedAt: string; lockedBy: string } | null;
}

export interface ReportRow {
  id: string;
  type: ReportTypeName;
  period_type: PeriodType;
  period_start: string;
  period_end: string;
  group_id: string | null;
  data_cut: DataCut;
  data_cut_hash: string;
  job_id: string;
  status: ReportView['status'];
  progress: number;
  error: string | null;
  attempts: number;
  confidential: boolean;
  audience: string[];
  trigger: ReportView['trigger'];
  requested_by: string;
  requested_by_role: PersonKind | null;
  requested_at: Date;
  generated_at: Date | null;
  files: ReportFileView[] | null;
  period_locked_at: Date | null;
  period_locked_by: string | null;
}

export interface ReportFilter {
  type?: ReportTypeName;
  periodStart?: string;
  status?: ReportView['status'];
}

const REPORT_SELECT = `
  SELECT r.id, r.type, r.period_type, to_char(r.period_start, 'YYYY-MM-DD') AS period_start,
         to_char(r.period_end, 'YYYY-MM-DD') AS period_end, r.group_id, r.data_cut, r.data_cut_hash, r.job_id, r.status,
         r.progress, r.error, r.attempts, r.confidential, r.audience, r.trigger, r.requested_by, r.requested_by_role, r.requested_at,
         r.generated_at, r.period_locked_at, r.period_locked_by,
         (SELECT json_agg(json_build_object('format', f.format, 'byteSize', f.byte_size, 'sha256', f.sha256) ORDER BY f.format)
            FROM report_file f WHERE f.report_id = r.id) AS files
    FROM report r`;

export function toReportView(row: ReportRow, reader: Actor): ReportView {
  const rule = REPORT_TYPE_RULES[row.type];
  const period: Period = { type: row.period_type, start: row.period_start, end: row.period_end };
  return {
    id: row.id,
    type: row.type,
    title: rule.title,
    audience: rule.audience,
    period: { ...period, label: formatPeriod(period) },
    groupId: row.group_id,
    status: row.status,
    progress: row.progress,
    error: row.error,
    attempts: row.attempts,
    classification: row.confidential ? 'official-sensitive' : 'official',
    confidential: row.confidential,
    trigger: row.trigger,
    requestedBy: personFor(reader, { label: row.requested_by, kind: row.requested_by_role }),
    requestedAt: row.requested_at.toISOString(),
    generatedAt: row.generated_at?.toISOString() ?? null,
    jobId: row.job_id,
    dataCut: {
      returns: row.data_cut.returnIds.length,
      targetVersions: row.data_cut.targetVersionIds.length,
      comparatorImports: row.data_cut.comparatorImportIds?.length ?? 0,
      hash: row.data_cut_hash,
    },
    files: (row.files ?? []).map((file) => ({ ...file, byteSize: Number(file.byteSize) })),
    periodLock: row.period_locked_at
      ? { lockedAt: row.period_locked_at.toISOString(), lockedBy: adminActionBy(reader, row.period_locked_by)! }
      : null,
  };
}

/**
 * Requests, lists and serves reports. A request fixes its data cut (the accepted returns and target
 * versions current at that moment) and the paper type's classification and readers (PaperSettingsService);
 * the job id is built from type, period, group, the cut and the setting, so asking again for the same data
 * under the same setting reuses the queued, running or finished report instead of making another.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: QueueService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly papers: PaperSettingsService,
    private readonly locks: PeriodLockService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async request(input: ReportRequest, trigger: ReportView['trigger'], actor: Actor): Promise<ReportView> {
    const rule = REPORT_TYPE_RULES[input.type];
    if (input.period.type !== rule.periodType) {
      throw new ReportsError(
        ReportsErrorCode.InvalidRequest,
        `A ${rule.title.toLowerCase()} is for a ${rule.periodType === 'half' ? 'half year (H1 or H2)' : 'quarter'}, not '${formatPeriod(input.period)}'.`,
      );
    }
    const groupId = input.group ? await this.groupIdOf(input.group) : null;
    if ((input.type === 'group_update') !== (groupId !== null)) {
      throw new ReportsError(
        ReportsErrorCode.InvalidRequest,
        input.type === 'group_update'
          ? 'A group update needs the group it is for.'
          : 'Only a group update is for one group.',
      );
    }
    if (actor.role === 'data_officer' && input.type !== 'group_update') {
      throw new ReportsError(ReportsErrorCode.OutOfScope, 'Data officers can request group updates only.');
    }
    if (groupId && !maySeeGroup(actor, groupId)) {
      throw new ReportsError(ReportsErrorCode.OutOfScope, 'You can only request updates for the groups you act for.');
    }
    const report = await this.dataSource.transaction(async (manager) => {
      const paper = await this.papers.forType(manager, input.type);
      const dataCut = await this.dataCut(manager, input.period);
      const hash = createHash('sha256').update(JSON.stringify(dataCut)).digest('hex').slice(0, 16);
      const lock = await this.locks.find(manager, input.period, actor, true);
      // A new classification or audience makes a new paper for the same data; the old one keeps its own.
      // So does locking the period: the paper then says its figures were locked.
      const edition = createHash('sha256')
        .update(
          JSON.stringify({
            hash,
            classification: paper.classification,
            readers: paper.readers,
            ...(lock ? { lockedAt: lock.lockedAt } : {}),
          }),
        )
        .digest('hex')
        .slice(0, 16);
      // BullMQ job ids may not contain ':'.
      const jobId = `${input.type}.${periodKey(input.period)}.${groupId ?? 'all'}.${edition}`;
      const inserted: { id: string }[] = await manager.query(
        `INSERT INTO report (type, period_type, period_start, period_end, group_id, data_cut, data_cut_hash, job_id, status,
                             confidential, audience, trigger, requested_by, requested_by_role, requested_at,
                             period_locked_at, period_locked_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'queued', $9, $10, $11, $12, $13, $14,
                 (SELECT locked_at FROM period_lock WHERE period_type = $2 AND period_start = $3),
                 (SELECT locked_by FROM period_lock WHERE period_type = $2 AND period_start = $3))
         ON CONFLICT (job_id) DO NOTHING RETURNING id`,
        [
          input.type,
          input.period.type,
          input.period.start,
          input.period.end,
          groupId,
          JSON.stringify(dataCut),
          hash,
          jobId,
          paper.confidential,
          paper.readers,
          trigger,
          actor.label,
          personKindOf(actor),
          this.clock.now(),
        ],
      );
      const id = inserted[0]?.id ?? (await manager.query(`SELECT id FROM report WHERE job_id = $1`, [jobId]))[0].id;
      if (inserted.length > 0) {
        await this.audit.record(manager, actor, {
          action: 'request',
          entityType: 'report',
          entityId: id,
          after: { type: input.type, period: periodKey(input.period), groupId, trigger, dataCutHash: hash },
        });
      }
      const row = await this.findRow(manager, id);
      // Recorded with the report and sent once it commits; asked for again while unfinished, its job is
      // sent again if Redis lost it (the job id makes that harmless). A finished report is left as it is.
      if (row.status === 'queued' || row.status === 'running') {
        await this.queues.enqueueAfterCommit(manager, JobName.GenerateReport, { reportId: id, jobId });
      }
      return row;
    });
    return toReportView(report, actor);
  }

  /**
   * Reruns a report from its recorded data cut: a failed one, or one stuck queued or running (its job lost).
   * A run that is alive is left to finish.
   */
  async retry(id: string, actor: Actor): Promise<ReportView> {
    const row = await this.findRow(this.dataSource.manager, id);
    if (row.status === 'completed') {
      throw new ReportsError(ReportsErrorCode.NotRetryable, 'This report has completed; request it again instead.');
    }
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`UPDATE report SET status = 'queued', error = NULL, progress = 0 WHERE id = $1`, [id]);
      await this.audit.record(manager, actor, {
        action: 'retry',
        entityType: 'report',
        entityId: id,
        before: { status: row.status, error: row.error },
      });
      await this.queues.enqueueAfterCommit(
        manager,
        JobName.GenerateReport,
        { reportId: id, jobId: row.job_id },
        'retry',
      );
    });
    return this.get(id, actor);
  }

  async list(filter: ReportFilter, page: PageRequest, actor: Actor): Promise<Page<ReportView>> {
    const params: unknown[] = [
      actor.role,
      filter.type ?? null,
      filter.periodStart ?? null,
      filter.status ?? null,
      actor.groupIds,
    ];
    const where = `WHERE $1 = ANY(r.audience)
        AND ($2::text IS NULL OR r.type = $2) AND ($3::date IS NULL OR r.period_start = $3) AND ($4::text IS NULL OR r.status = $4)
        AND ($1 <> 'data_officer' OR r.group_id = ANY($5::uuid[]))`;
    const rows: ReportRow[] = await this.dataSource.query(
      `${REPORT_SELECT} ${where} ORDER BY r.period_start DESC, r.type, r.requested_at DESC LIMIT ${page.pageSize} OFFSET ${skipFor(page)}`,
      params,
    );
    const [{ count }] = await this.dataSource.query(`SELECT count(*)::int AS count FROM report r ${where}`, params);
    return pageOf(
      rows.map((row) => toReportView(row, actor)),
      count,
      page,
    );
  }

  async get(id: string, actor: Actor): Promise<ReportView> {
    const row = await this.findRow(this.dataSource.manager, id);
    this.assertCanRead(row, actor);
    return toReportView(row, actor);
  }

  /**
   * The absolute path of a finished report's file, after the reader's access is checked and the file is
   * checked against the SHA-256 recorded when it was written. A file that fails (damaged on disk, or
   * lost, as after a database restored without its files) is not served: the report is made again
   * from its recorded data cut, and the reader is told to come back.
   */
  async filePath(id: string, format: ReportFormat, actor: Actor): Promise<{ path: string; fileName: string }> {
    const row = await this.findRow(this.dataSource.manager, id);
    this.assertCanRead(row, actor);
    const [file]: { path: string; sha256: string }[] = await this.dataSource.query(
      `SELECT path, sha256 FROM report_file WHERE report_id = $1 AND format = $2`,
      [id, format],
    );
    if (!file) {
      throw new ReportsError(
        ReportsErrorCode.NotReady,
        `The ${format.toUpperCase()} of this report is not ready (status: ${row.status}).`,
      );
    }
    const stored = resolveStored(this.config.storagePath, file.path);
    const found = await storedSha256(stored);
    if (found !== file.sha256) {
      await this.regenerate(row, format, file.sha256, found);
      throw new ReportsError(
        ReportsErrorCode.FileDamaged,
        `The stored ${format.toUpperCase()} of this report ${found === null ? 'is missing' : 'does not match the SHA-256 recorded when it was made'}, so it was not sent. ` +
          `The report is being made again from its data cut; try again in a minute (GET /api/reports/${id} shows its progress).`,
      );
    }
    const period = { type: row.period_type, start: row.period_start, end: row.period_end };
    return {
      path: stored,
      fileName: `${row.type.replace(/_/g, '-')}-${periodKey(period)}.${format}`,
    };
  }

  private async groupIdOf(reference: string): Promise<string> {
    const id = await withRawClient(this.dataSource, (client) => findGroupId(client, reference));
    if (!id) throw new ReportsError(ReportsErrorCode.InvalidRequest, `No group has the id or code '${reference}'.`);
    return id;
  }

  // --- generation: the job's writes to report and report_file, all here -------------------------

  async markRunning(id: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE report SET status = 'running', attempts = attempts + 1, error = NULL WHERE id = $1`,
      [id],
    );
  }

  /** The model stored by an earlier attempt, so a rerun renders exactly the same figures. */
  async storedModel(id: string): Promise<ReportModel | null> {
    const [row]: { model: ReportModel | null }[] = await this.dataSource.query(
      `SELECT model FROM report WHERE id = $1`,
      [id],
    );
    return row?.model ?? null;
  }

  async storeModel(id: string, model: ReportModel): Promise<void> {
    await this.dataSource.query(`UPDATE report SET model = $2 WHERE id = $1`, [id, JSON.stringify(model)]);
  }

  async recordProgress(id: string, percent: number): Promise<void> {
    await this.dataSource.query(`UPDATE report SET progress = $2 WHERE id = $1`, [id, percent]);
  }

  /** Records the files and completes the report in one transaction, stamped by the injected clock. */
  async complete(
    id: string,
    files: readonly (readonly [ReportFormat, StoredFile])[],
    alsoInTransaction?: (manager: EntityManager) => Promise<unknown>,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      for (const [format, file] of files) {
        await manager.query(
          `INSERT INTO report_file (report_id, format, path, byte_size, sha256) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (report_id, format) DO UPDATE SET path = EXCLUDED.path, byte_size = EXCLUDED.byte_size, sha256 = EXCLUDED.sha256`,
          [id, format, file.path, file.byteSize, file.sha256],
        );
      }
      await manager.query(`UPDATE report SET status = 'completed', progress = 100, generated_at = $2 WHERE id = $1`, [
        id,
        this.clock.now(),
      ]);
      await alsoInTransaction?.(manager);
    });
  }

  /** A failed attempt: queued again while attempts are left, failed when none is; a completed report stays so. */
  async attemptFailed(id: string, final: boolean, message: string): Promise<void> {
    await this.dataSource.query(`UPDATE report SET status = $2, error = $3 WHERE id = $1 AND status <> 'completed'`, [
      id,
      final ? 'failed' : 'queued',
      message,
    ]);
  }

  /** Forgets the report's files and queues it again under its own job id (so two readers queue it once). */
  private async regenerate(
    row: ReportRow,
    format: ReportFormat,
    expected: string,
    found: string | null,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`DELETE FROM report_file WHERE report_id = $1`, [row.id]);
      await manager.query(`UPDATE report SET status = 'queued', progress = 0, error = $2 WHERE id = $1`, [
        row.id,
        `The stored ${format} failed its SHA-256 check; made again from the data cut.`,
      ]);
      await this.audit.record(manager, systemActor('report file check'), {
        action: 'regenerate',
        entityType: 'report',
        entityId: row.id,
        before: { format, sha256: expected, found },
      });
      // Its work finished, so it is recorded as a retry: the worker runs it again rather than answering done.
      await this.queues.enqueueAfterCommit(
        manager,
        JobName.GenerateReport,
        { reportId: row.id, jobId: row.job_id },
        'retry',
      );
    });
  }

  async findRow(manager: EntityManager, id: string): Promise<ReportRow> {
    const [row]: ReportRow[] = await manager.query(`${REPORT_SELECT} WHERE r.id = $1`, [id]);
    if (!row) throw new ReportsError(ReportsErrorCode.NotFound, `No report '${id}' exists.`);
    return row;
  }

  /** Readers must hold a role the report is for; confidential papers are refused to everyone else. */
  private assertCanRead(row: ReportRow, actor: Actor): void {
    const inAudience = row.audience.includes(actor.role);
    const inGroup = maySeeGroup(actor, row.group_id);
    // Not found rather than forbidden, so a reader cannot learn which confidential papers exist.
    if (!inAudience || !inGroup) throw new ReportsError(ReportsErrorCode.NotFound, `No report '${row.id}' exists.`);
  }

  /**
   * Every accepted, current return up to the end of the period, the current version of every target, and
   * the comparator imports whose values stand now: a new import makes a new report, not the old one again.
   */
  private async dataCut(manager: EntityManager, period: Period): Promise<DataCut> {
    return loadDataCut(rawClient(manager), period.end);
  }
}
