import { Injectable } from '@nestjs/common';
import { JobName, OnJob, type JobContext, type JobPayloads } from '../queue/index.js';
import { SpreadsheetError } from '../spreadsheets/index.js';
import { ReturnsService, type ReturnOutcome } from './returns.service.js';

/** What a queued return ends as: the same outcome as a direct upload, or why the file could not be read. */
export type QueuedReturnResult = ReturnOutcome | { outcome: 'unreadable'; code: string; message: string };

@Injectable()
export class ReturnsJobsService {
  constructor(private readonly returns: ReturnsService) {}

  /**
   * Runs the same `submit` as a direct upload, received when it was uploaded. Run twice, it stores one
   * return (ReturnsStore knows the upload by its bytes and received time). A file that cannot be read completes as 'unreadable'
   * (retrying cannot fix it); anything else (the database away) is rethrown so BullMQ retries.
   */
  @OnJob(JobName.ProcessReturn)
  async handleProcessReturn(data: JobPayloads[JobName.ProcessReturn], job: JobContext): Promise<QueuedReturnResult> {
    const upload = await this.returns.loadUpload(data.sha256);
    try {
      return await this.returns.submit(
        {
          content: upload.content,
          fileName: data.fileName,
          groupId: data.groupId,
          period: data.period,
          receivedAt: new Date(data.receivedAt),
        },
        data.actor,
        (progress) => job.updateProgress(progress),
      );
    } catch (error) {
      if (error instanceof SpreadsheetError) return { outcome: 'unreadable', code: error.code, message: error.message };
      throw error;
    }
  }
}
