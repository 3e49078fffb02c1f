import { Injectable } from '@nestjs/common';
import { OnJob } from './on-job.decorator.js';
import { JobName, JobPayloads } from './queue.constants.js';

/** Lets operators check that a worker is consuming jobs (`POST /api/jobs/ping`). */
@Injectable()
export class SystemJobsService {
  @OnJob(JobName.Ping)
  async handlePing(data: JobPayloads[JobName.Ping]): Promise<{ pong: true; requestedAt: string; answeredAt: string }> {
    return { pong: true, requestedAt: data.requestedAt, answeredAt: new Date().toISOString() };
  }
}
