import { DomainError, ErrorDetail, ErrorKind } from '../common/index.js';

export enum SpreadsheetErrorCode {
  Empty = 'SPREADSHEET.EMPTY',
  TooLarge = 'SPREADSHEET.TOO_LARGE',
  UnsupportedType = 'SPREADSHEET.UNSUPPORTED_TYPE',
  NotXlsx = 'SPREADSHEET.NOT_XLSX',
  NotText = 'SPREADSHEET.NOT_TEXT',
  Unreadable = 'SPREADSHEET.UNREADABLE',
  ZipBomb = 'SPREADSHEET.ZIP_BOMB',
  TooManySheets = 'SPREADSHEET.TOO_MANY_SHEETS',
  TooManyRows = 'SPREADSHEET.TOO_MANY_ROWS',
  TooManyCells = 'SPREADSHEET.TOO_MANY_CELLS',
}

// Size limits answer 413 so a client knows the file, not a value in it, is the problem.
const KIND: Record<SpreadsheetErrorCode, ErrorKind> = {
  [SpreadsheetErrorCode.Empty]: 'invalid',
  [SpreadsheetErrorCode.TooLarge]: 'too_large',
  [SpreadsheetErrorCode.UnsupportedType]: 'invalid',
  [SpreadsheetErrorCode.NotXlsx]: 'invalid',
  [SpreadsheetErrorCode.NotText]: 'invalid',
  [SpreadsheetErrorCode.Unreadable]: 'invalid',
  [SpreadsheetErrorCode.ZipBomb]: 'invalid',
  [SpreadsheetErrorCode.TooManySheets]: 'too_large',
  [SpreadsheetErrorCode.TooManyRows]: 'too_large',
  [SpreadsheetErrorCode.TooManyCells]: 'too_large',
};

/** Why an uploaded file cannot be read at all (as opposed to a bad value inside it). */
export class SpreadsheetError extends DomainError {
  constructor(code: SpreadsheetErrorCode, message: string, details?: readonly ErrorDetail[]) {
    super(code, KIND[code], message, details);
  }
}
