import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/index.js';
import { periodKey } from '../periods/index.js';
import { JobContext, JobFailure, JobName, JobPayloads, OnJob, OnJobFailed, QueueService } from '../queue/index.js';
import { renderPdfReport, renderReportCharts, renderXlsxReport } from '../reporting/index.js';
import { PaperDeliveryService } from './paper-delivery.js';
import { ReportCalendarService } from './report-calendar.service.js';
import { storeFile } from './report-files.js';
import { ReportModelBuilder } from './report-model.builder.js';
import { REPORT_FORMATS } from './report-types.js';
import { ReportsService } from './reports.service.js';

/** Every morning the calendar is checked for reports that have fallen due. */
export const REPORT_SCHEDULE_CRON = '0 6 * * *';
export const REPORT_SCHEDULER_ID = 'reports-daily';

/** Worker-side: generates reports and runs the daily schedule tick. */
@Injectable()
export class ReportJobsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(ReportJobsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly reports: ReportsService,
    private readonly calendar: ReportCalendarService,
    private readonly builder: ReportModelBuilder,
    private readonly queues: QueueService,
    private readonly delivery: PaperDeliveryService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queues.schedule(REPORT_SCHEDULER_ID, REPORT_SCHEDULE_CRON, JobName.ReportScheduleTick, {});
  }

  @OnJob(JobName.ReportScheduleTick)
  async handleReportScheduleTick(): Promise<{ requested: string[] }> {
    const requested = await this.calendar.tick();
    return { requested: requested.map((report) => report.id) };
  }

  /**
   * The model is built once from the recorded data cut and stored with the report, so a rerun after a
   * crash (or an admin's retry) renders exactly the same figures; its files and status are written so
   * that a second run leaves one paper. Errors are rethrown: the dispatcher records them (see below).
   */
  @OnJob(JobName.GenerateReport)
  async handleGenerateReport(
    data: JobPayloads[JobName.GenerateReport],
    job: JobContext,
  ): Promise<{ reportId: string; files: number }> {
    const { reportId } = data;
    await this.reports.markRunning(reportId);
    const row = await this.reports.findRow(this.dataSource.manager, reportId);
    const stored = await this.reports.storedModel(reportId);
    const model = stored ?? (await this.builder.build(row));
    if (!stored) await this.reports.storeModel(reportId, model);
    await this.progress(reportId, job, 30);

    const charts = await renderReportCharts(model);
    await this.progress(reportId, job, 55);

    // One format at a time, each written out before the next is drawn, so only one file is held in
    // memory: at 500 targets that keeps the worker under 500 MB.
    const period = { type: row.period_type, start: row.period_start, end: row.period_end };
    const base = `reports/${reportId}/${row.type.replace(/_/g, '-')}-${periodKey(period)}`;
    const xlsx = await storeFile(this.config.storagePath, `${base}.xlsx`, await renderXlsxReport(model, charts));
    await this.progress(reportId, job, 70);
    const pdf = await storeFile(this.config.storagePath, `${base}.pdf`, await renderPdfReport(model, charts));
    await this.progress(reportId, job, 90);

    // The delivery emails are recorded with the paper's completion, once per reader, so a rerun emails nobody twice.
    await this.reports.complete(
      reportId,
      [
        ['xlsx', xlsx],
        ['pdf', pdf],
      ],
      (manager) => this.delivery.deliver(manager, row, model, pdf),
    );
    job.updateProgress(100);
    return { reportId, files: REPORT_FORMATS.length };
  }

  /** Every failed run shows on the report: queued again with its error, or failed once no attempt remains. */
  @OnJobFailed(JobName.GenerateReport)
  async handleGenerateReportFailed(data: JobPayloads[JobName.GenerateReport], failure: JobFailure): Promise<void> {
    await this.reports.attemptFailed(data.reportId, failure.final, failure.reason);
    this.logger.warn(`Report ${data.reportId} ${failure.final ? 'failed' : 'will be tried again'}: ${failure.reason}`);
  }

  private async progress(reportId: string, job: JobContext, percent: number): Promise<void> {
    await this.reports.recordProgress(reportId, percent);
    job.updateProgress(percent);
  }
}
