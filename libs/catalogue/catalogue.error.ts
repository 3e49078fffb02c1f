import { DomainError, ErrorDetail, ErrorKind } from '../common/index.js';

export enum CatalogueErrorCode {
  NotFound = 'CATALOGUE.NOT_FOUND',
  DuplicateCode = 'CATALOGUE.DUPLICATE_CODE',
  InvalidReference = 'CATALOGUE.INVALID_REFERENCE',
  InvalidPeriod = 'CATALOGUE.INVALID_PERIOD',
  InvalidTarget = 'CATALOGUE.INVALID_TARGET',
  ReasonRequired = 'CATALOGUE.REASON_REQUIRED',
  GroupCycle = 'CATALOGUE.GROUP_CYCLE',
  WorkbookRejected = 'CATALOGUE.WORKBOOK_REJECTED',
  PeriodLocked = 'CATALOGUE.PERIOD_LOCKED',
}

const KIND: Record<CatalogueErrorCode, ErrorKind> = {
  [CatalogueErrorCode.NotFound]: 'not_found',
  [CatalogueErrorCode.DuplicateCode]: 'conflict',
  [CatalogueErrorCode.InvalidReference]: 'invalid',
  [CatalogueErrorCode.InvalidPeriod]: 'invalid',
  [CatalogueErrorCode.InvalidTarget]: 'invalid',
  [CatalogueErrorCode.ReasonRequired]: 'invalid',
  [CatalogueErrorCode.GroupCycle]: 'invalid',
  [CatalogueErrorCode.WorkbookRejected]: 'invalid',
  [CatalogueErrorCode.PeriodLocked]: 'conflict',
};

export class CatalogueError extends DomainError {
  constructor(code: CatalogueErrorCode, message: string, details?: readonly ErrorDetail[]) {
    super(code, KIND[code], message, details);
  }

  static notFound(entity: string, key: string): CatalogueError {
    return new CatalogueError(CatalogueErrorCode.NotFound, `No ${entity} '${key}' exists.`);
  }

  static duplicate(entity: string, code: string): CatalogueError {
    const article = /^[aeiou]/i.test(entity) ? 'An' : 'A';
    return new CatalogueError(
      CatalogueErrorCode.DuplicateCode,
      `${article} ${entity} with code '${code}' already exists.`,
    );
  }
}
