import { DomainError, ErrorKind } from '../common/index.js';

export enum QueueErrorCode {
  Unavailable = 'QUEUE.UNAVAILABLE',
  NotFound = 'QUEUE.NOT_FOUND',
  NotRetryable = 'QUEUE.NOT_RETRYABLE',
}

const KIND: Record<QueueErrorCode, ErrorKind> = {
  [QueueErrorCode.Unavailable]: 'unavailable',
  [QueueErrorCode.NotFound]: 'not_found',
  [QueueErrorCode.NotRetryable]: 'conflict',
};

export class QueueError extends DomainError {
  constructor(code: QueueErrorCode, message: string) {
    super(code, KIND[code], message);
  }

  static unavailable(): QueueError {
    return new QueueError(
      QueueErrorCode.Unavailable,
      'The job queue is not answering just now; queued work is kept and nothing is lost. Try again shortly.',
    );
  }
}
