import { type Actor, mayActForGroup } from '../../../../libs/access/index.js';
import { QueueName, type JobState, type QueueService } from '../../../../libs/queue/index.js';
import { ReturnsError } from '../../../../libs/returns/index.js';

const RETURN_JOB_ID = /^return\.([0-9a-f-]{36})\.[a-z_]+\.\d{4}-\d{2}-\d{2}\.[0-9a-f]{64}$/;

/**
 * A queued return's job (its PostgreSQL record, so the id stays meaningful while Redis is away), for an
 * admin or a member of its group only; anyone else is told it does not exist.
 */
export async function findReturnJob(queues: QueueService, id: string, actor: Actor): Promise<JobState> {
  const match = RETURN_JOB_ID.exec(id);
  if (!match) throw ReturnsError.notFound('returns job', id);
  if (!mayActForGroup(actor, match[1]!)) throw ReturnsError.notFound('returns job', id);
  const job = await queues.getJob(QueueName.Returns, id);
  if (!job) throw ReturnsError.notFound('returns job', id);
  return job;
}
