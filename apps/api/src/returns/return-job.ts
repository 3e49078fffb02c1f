import { type Actor, mayActForGroup } from '../../../../libs/access/index.js';
import { parseReturnJobId, QueueName, type JobState, type QueueService } from '../../../../libs/queue/index.js';
import { ReturnsError } from '../../../../libs/returns/index.js';

/**
 * A queued return's job (its PostgreSQL record, so the id stays meaningful while Redis is away), for an
 * admin or a member of its group only; anyone else is told it does not exist.
 */
export async function findReturnJob(queues: QueueService, id: string, actor: Actor): Promise<JobState> {
  const parts = parseReturnJobId(id);
  if (!parts || !mayActForGroup(actor, parts.groupId)) throw ReturnsError.notFound('returns job', id);
  const job = await queues.getJob(QueueName.Returns, id);
  if (!job) throw ReturnsError.notFound('returns job', id);
  return job;
}
