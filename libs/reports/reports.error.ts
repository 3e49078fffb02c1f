import { DomainError, ErrorKind } from '../common/index.js';

export enum ReportsErrorCode {
  NotFound = 'REPORTS.NOT_FOUND',
  NotReady = 'REPORTS.NOT_READY',
  InvalidRequest = 'REPORTS.INVALID_REQUEST',
  NotRetryable = 'REPORTS.NOT_RETRYABLE',
  OutOfScope = 'REPORTS.OUT_OF_SCOPE',
  FileDamaged = 'REPORTS.FILE_DAMAGED',
}

const KIND: Record<ReportsErrorCode, ErrorKind> = {
  [ReportsErrorCode.NotFound]: 'not_found',
  [ReportsErrorCode.NotReady]: 'conflict',
  [ReportsErrorCode.InvalidRequest]: 'invalid',
  [ReportsErrorCode.NotRetryable]: 'conflict',
  [ReportsErrorCode.OutOfScope]: 'forbidden',
  [ReportsErrorCode.FileDamaged]: 'conflict',
};

export class ReportsError extends DomainError {
  constructor(code: ReportsErrorCode, message: string) {
    super(code, KIND[code], message);
  }
}
