import { DomainError, ErrorDetail, ErrorKind } from '../common/index.js';

export enum ReturnsErrorCode {
  Rejected = 'RETURNS.REJECTED',
  NotFound = 'RETURNS.NOT_FOUND',
  Forbidden = 'RETURNS.FORBIDDEN',
  InvalidRequest = 'RETURNS.INVALID_REQUEST',
  NoHomeArea = 'RETURNS.NO_HOME_AREA',
  PeriodNotEnded = 'RETURNS.PERIOD_NOT_ENDED',
}

const KIND: Record<ReturnsErrorCode, ErrorKind> = {
  [ReturnsErrorCode.Rejected]: 'invalid',
  [ReturnsErrorCode.NotFound]: 'not_found',
  [ReturnsErrorCode.Forbidden]: 'forbidden',
  [ReturnsErrorCode.InvalidRequest]: 'invalid',
  [ReturnsErrorCode.NoHomeArea]: 'conflict',
  [ReturnsErrorCode.PeriodNotEnded]: 'invalid',
};

export class ReturnsError extends DomainError {
  constructor(
    code: ReturnsErrorCode,
    message: string,
    details?: readonly ErrorDetail[],
    /** The rejected return's id, for the annotated copy. */
    readonly returnId?: string,
  ) {
    super(code, KIND[code], message, details);
  }

  static notFound(what: string, key: string): ReturnsError {
    return new ReturnsError(ReturnsErrorCode.NotFound, `No ${what} '${key}' exists.`);
  }
}
