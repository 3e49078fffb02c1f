import { safeCellText } from '../spreadsheets/index.js';
import type { ScorecardTargetView } from './scorecard.service.js';

/** One column of the CSV: its heading and how a target fills it. */
const COLUMNS: readonly [string, (t: ScorecardTargetView) => string | number | null][] = [
  ['Indicator code', (t) => t.indicator.code],
  ['Indicator', (t) => t.indicator.title],
  ['Priority', (t) => t.priority?.code ?? null],
  ['Owning group', (t) => t.owningGroup.name],
  ['Area', (t) => t.area.name],
  ['Latest period', (t) => t.latest?.period ?? null],
  ['Latest value', (t) => t.latest?.value ?? null],
  ['Value status', (t) => t.latest?.status ?? null],
  ['Target', (t) => t.target.value],
  ['Target range low', (t) => t.target.rangeLow],
  ['Target range high', (t) => t.target.rangeHigh],
  ['Target (words)', (t) => t.target.label],
  ['Tolerance', (t) => t.tolerance.amount],
  ['Tolerance kind', (t) => t.tolerance.kind],
  ['RAG', (t) => t.rag],
  ['RAG (words)', (t) => t.ragLabel],
  ['Direction vs previous period', (t) => t.directionOfTravel.vsPrevious],
  ['Direction vs same period last year', (t) => t.directionOfTravel.vsLastYear],
  ['SPC variation', (t) => t.spc.variation],
  ['SPC assurance', (t) => t.spc.assurance],
  ['England value', (t) => t.england.value],
  ['Compared with England', (t) => t.england.comparison],
  ['Region', (t) => t.region?.name ?? null],
  ['Region value', (t) => t.region?.value ?? null],
  ['Compared with region', (t) => t.region?.comparison ?? null],
  ['Forecast value', (t) => t.forecast?.value ?? null],
  ['Forecast', (t) => t.forecast?.label ?? null],
  ['Open exceptions', (t) => t.openExceptions.map((e) => e.kindLabel).join('; ') || null],
];

function cell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = safeCellText(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The scorecard as CSV (RFC 4180, CRLF), for Excel and Power BI: numbers as numbers, text neutralised. */
export function scorecardCsv(targets: readonly ScorecardTargetView[]): string {
  const lines = [COLUMNS.map(([heading]) => cell(heading)).join(',')];
  for (const target of targets) lines.push(COLUMNS.map(([, of]) => cell(of(target))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
