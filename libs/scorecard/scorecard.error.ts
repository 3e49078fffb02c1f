import { DomainError, ErrorKind } from '../common/index.js';

export enum ScorecardErrorCode {
  InvalidFilter = 'SCORECARD.INVALID_FILTER',
  NotFound = 'SCORECARD.NOT_FOUND',
}

const KIND: Record<ScorecardErrorCode, ErrorKind> = {
  [ScorecardErrorCode.InvalidFilter]: 'invalid',
  [ScorecardErrorCode.NotFound]: 'not_found',
};

export class ScorecardError extends DomainError {
  constructor(code: ScorecardErrorCode, message: string) {
    super(code, KIND[code], message);
  }
}
