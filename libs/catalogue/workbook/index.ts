/*
 * The catalogue workbook: the whole plan as one .xlsx that an admin downloads, edits and uploads again.
 * The pure part: building the workbook from a snapshot of the catalogue, and reading uploaded rows into
 * checked rows or a list of every problem with its `Sheet!Cell`.
 *   types.ts        what the catalogue holds and what a workbook says
 *   sheet-specs.ts  the sheets and their columns
 *   row-reader.ts   problems in workbook order; reading one row's cells
 *   keys.ts         how rows name each other
 *   parse.ts        an uploaded workbook into checked rows or every problem
 *   checks.ts       checks across sheets and against the catalogue
 *   apply.ts        the order of changes and what differs
 *   build.ts        the workbook for download
 */
export type {
  AreaRecord,
  AreaRow,
  CatalogueSnapshot,
  CatalogueWorkbookParse,
  CatalogueWorkbookRows,
  GroupRecord,
  GroupRow,
  IndicatorRecord,
  IndicatorRow,
  PlanRecord,
  PlanRow,
  PriorityRecord,
  PriorityRow,
  TargetRecord,
  TargetRow,
} from './types.js';
export {
  INSTRUCTIONS_SHEET,
  MAX_PROBLEMS_LISTED,
  MAX_ROWS_PER_SHEET,
  WORKBOOK_SHEET_NAMES,
  type WorkbookSheetName,
} from './sheet-specs.js';
export { describeTarget, priorityKey, resolvePriorityRef, targetKey } from './keys.js';
export { parseCatalogueWorkbook } from './parse.js';
export { areasInApplyOrder, changedFields, groupsInApplyOrder, notInWorkbook, type NotInWorkbook } from './apply.js';
export { buildCatalogueWorkbook } from './build.js';
