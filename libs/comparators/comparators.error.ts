import { DomainError, ErrorDetail, ErrorKind } from '../common/index.js';

export enum ComparatorsErrorCode {
  Rejected = 'COMPARATORS.REJECTED',
  NotFound = 'COMPARATORS.NOT_FOUND',
  InvalidMapping = 'COMPARATORS.INVALID_MAPPING',
}

const KIND: Record<ComparatorsErrorCode, ErrorKind> = {
  [ComparatorsErrorCode.Rejected]: 'invalid',
  [ComparatorsErrorCode.NotFound]: 'not_found',
  [ComparatorsErrorCode.InvalidMapping]: 'invalid',
};

export class ComparatorsError extends DomainError {
  constructor(code: ComparatorsErrorCode, message: string, details?: readonly ErrorDetail[]) {
    super(code, KIND[code], message, details);
  }
}
