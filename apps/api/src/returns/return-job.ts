import type { Actor } from '../../../../libs/access/index.js';
import type { Period } from '../../../../libs/periods/index.js';
import { JobName, QueueName, type JobState, type QueueService } from '../../../../libs/queue/index.js';
import { ReturnsError, type ReturnsService } from '../../../../libs/returns/index.js';

const RETURN_JOB_ID = /^return\.([0-9a-f-]{36})\.[a-z_]+\.\d{4}-\d{2}-\d{2}\.[0-9a-f]{64}$/;

/** Keeps the upload and queues its check on the worker; the job id is built from group, period and file. */
export async function queueReturn(
  returns: ReturnsService,
  queues: QueueService,
  input: { content: Buffer; fileName: string; groupId: string; period: Period; actor: Actor },
): Promise<string> {
  const sha256 = await returns.keepUpload(input.content, input.fileName);
  return queues.enqueue(JobName.ProcessReturn, {
    groupId: input.groupId,
    period: input.period,
    sha256,
    fileName: input.fileName,
    actor: input.actor,
  });
}

/** A queued return's job, for an admin or a member of its group only; anyone else is told it does not exist. */
export async function findReturnJob(queues: QueueService, id: string, actor: Actor): Promise<JobState> {
  const match = RETURN_JOB_ID.exec(id);
  if (!match) throw ReturnsError.notFound('returns job', id);
  if (actor.role !== 'admin' && !actor.groupIds.includes(match[1])) throw ReturnsError.notFound('returns job', id);
  const job = await queues.getJob(QueueName.Returns, id);
  if (!job) throw ReturnsError.notFound('returns job', id);
  return job;
}
