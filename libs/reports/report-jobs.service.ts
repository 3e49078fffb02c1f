import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/index.js';
import { periodKey } from '../periods/index.js';
import { JobContext, JobName, JobPayloads, OnJob, QueueService } from '../queue/index.js';
import { renderPdfReport, renderReportCharts, renderXlsxReport } from '../reporting/index.js';
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
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queues.upsertSchedule(REPORT_SCHEDULER_ID, REPORT_SCHEDULE_CRON, JobName.ReportScheduleTick, {});
  }

  @OnJob(JobName.ReportScheduleTick)
  async handleReportScheduleTick(): Promise<{ requested: string[] }> {
    const requested = await this.calendar.tick();
    return { requested: requested.map((report) => report.id) };
  }

  /**
   * The model is built once from the recorded data cut and stored with the report, so a rerun after a
   * crash (or an admin's retry) renders exactly the same figures.
   */
  @OnJob(JobName.GenerateReport)
  async handleGenerateReport(
    data: JobPayloads[JobName.GenerateReport],
    job: JobContext,
  ): Promise<{ reportId: string; files: number }> {
    const { reportId } = data;
    try {
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

      await this.reports.complete(reportId, [
        ['xlsx', xlsx],
        ['pdf', pdf],
      ]);
      await job.updateProgress(100);
      return { reportId, files: REPORT_FORMATS.length };
    } catch (error) {
      // Rethrown so BullMQ retries with backoff; marked failed only when no attempts remain.
      const message = error instanceof Error ? error.message : String(error);
      const final = job.attemptsMade + 1 >= job.maxAttempts;
      await this.reports.attemptFailed(reportId, final, message);
      this.logger.warn(`Report ${reportId} attempt ${job.attemptsMade + 1} failed: ${message}`);
      throw error;
    }
  }

  private async progress(reportId: string, job: JobContext, percent: number): Promise<void> {
    await this.reports.recordProgress(reportId, percent);
    await job.updateProgress(percent);
  }
}
