/**
 * Safe reading of uploaded spreadsheets, shared by every upload in the product: `inspectUpload` first
 * (size, type, zip-bomb and sheet-count checks before parsing), then `readXlsxRows` / `readCsvRows`
 * (streamed, counting rows and cells), with `parseNumber` / `parseSuppression` for values and
 * `cellRef` for the `Sheet!Cell` every problem names. Plain TypeScript: no Nest.
 */
export { cellRef, columnIndex, columnLetter, rowRef } from './cell-ref.js';
export { readCsvRows, type CsvRow, type ReadCsvOptions } from './csv-rows.js';
export { displayName, inspectUpload, type UploadKind } from './inspect-upload.js';
export {
  MAX_MAGNITUDE,
  parseNumber,
  parseSuppression,
  SUPPRESSION_MARKERS,
  type NumberParse,
  type ParseNumberOptions,
  type Suppression,
} from './parse-number.js';
export { safeCellText } from './safe-cell-text.js';
export { SpreadsheetError, SpreadsheetErrorCode } from './spreadsheet.error.js';
export { unusualCharacters } from './unusual-characters.js';
export { DEFAULT_UPLOAD_LIMITS, formatBytes, uploadLimits, type UploadLimits } from './upload-limits.js';
export {
  isErrorCell,
  isFormulaCell,
  readXlsxRows,
  type ErrorCell,
  type FormulaCell,
  type ReadXlsxOptions,
  type XlsxCell,
  type XlsxRow,
} from './xlsx-rows.js';
