import { DomainError, ErrorDetail, ErrorKind } from '../common/index.js';

export enum ExceptionsErrorCode {
  NotFound = 'EXCEPTIONS.NOT_FOUND',
  CommentaryRequired = 'EXCEPTIONS.COMMENTARY_REQUIRED',
  NotAllowedNow = 'EXCEPTIONS.NOT_ALLOWED_NOW',
  AlreadyClosed = 'EXCEPTIONS.ALREADY_CLOSED',
  InvalidScope = 'EXCEPTIONS.INVALID_SCOPE',
  InvalidCommentary = 'EXCEPTIONS.INVALID_COMMENTARY',
}

const KIND: Record<ExceptionsErrorCode, ErrorKind> = {
  [ExceptionsErrorCode.NotFound]: 'not_found',
  [ExceptionsErrorCode.CommentaryRequired]: 'invalid',
  [ExceptionsErrorCode.NotAllowedNow]: 'invalid',
  [ExceptionsErrorCode.AlreadyClosed]: 'conflict',
  [ExceptionsErrorCode.InvalidScope]: 'invalid',
  [ExceptionsErrorCode.InvalidCommentary]: 'invalid',
};

export class ExceptionsError extends DomainError {
  constructor(code: ExceptionsErrorCode, message: string, details?: readonly ErrorDetail[]) {
    super(code, KIND[code], message, details);
  }

  static notFound(id: string): ExceptionsError {
    return new ExceptionsError(ExceptionsErrorCode.NotFound, `No exception '${id}' exists.`);
  }
}
