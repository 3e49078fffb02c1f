import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  buildException,
  buildPriority,
  buildReportModel,
  buildTargetRow,
} from '../../test/factories/report-model.factory.js';
import { renderReportCharts } from './report-charts.js';
import type { ReportModel } from './report-model.js';
import { renderXlsxReport, sheetName } from './xlsx-report.js';

async function render(model: ReportModel): Promise<ExcelJS.Workbook> {
  const bytes = await renderXlsxReport(model, await renderReportCharts(model));
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  return wb;
}

/** The data row of a priority sheet whose first cell is the indicator code. */
function rowFor(ws: ExcelJS.Worksheet, code: string): ExcelJS.Row {
  for (let r = 4; r <= ws.rowCount; r++) if (ws.getRow(r).getCell(1).value === code) return ws.getRow(r);
  throw new Error(`no row for ${code}`);
}

const model = buildReportModel({
  priorities: [
    buildPriority({
      rows: [
        buildTargetRow(),
        buildTargetRow({
          indicatorCode: 'CYP002',
          unit: 'count',
          decimalPlaces: 0,
          latest: { periodLabel: '2024-25 Q2', value: 1204, status: 'provisional' },
          target: { value: 1100, rangeLow: null, rangeHigh: null, label: 'At most 1,100' },
          rag: 'amber',
          ragLabel: 'Near target',
        }),
      ],
    }),
    buildPriority({
      code: 'P2',
      title: 'Stay safe: children looked after',
      rows: [
        buildTargetRow({
          indicatorCode: 'CYP003',
          unit: 'days',
          decimalPlaces: 0,
          latest: { periodLabel: '2024-25 Q2', value: 381, status: 'actual' },
          target: { value: 421, rangeLow: null, rangeHigh: null, label: 'At most 421 days' },
          rag: 'green',
          ragLabel: 'On target',
        }),
        buildTargetRow({
          indicatorCode: 'CYP004',
          unit: 'rate_per_10000',
          decimalPlaces: 1,
          latest: { periodLabel: '2024-25 Q2', value: null, status: 'suppressed' },
          rag: 'none',
          ragLabel: 'No target',
        }),
      ],
    }),
  ],
  exceptions: [
    buildException({
      owningGroup: '+Corporate Parenting Board',
      commentary: {
        cause: '=HYPERLINK("http://example.test/steal","Click for details")',
        action: '-1+2 more visits',
        expectedRecoveryDate: null,
        author: '@SUM(A1:A2)',
        at: '2024-10-21T10:15:00Z',
      },
    }),
    buildException({ priorityCode: 'P2', positive: true, kind: 'well_above_target', indicatorCode: 'CYP003' }),
  ],
});

describe(renderXlsxReport.name, () => {
  let wb: ExcelJS.Workbook;
  beforeAll(async () => {
    wb = await render(model);
  });

  it('has a summary, the exceptions, a sheet per priority and the data cut, in that order', () => {
    expect(wb.worksheets.map((ws) => ws.name)).toEqual([
      'Summary',
      'Exceptions',
      'P1 Be healthy',
      'P2 Stay safe children looked af',
      'Data cut',
    ]);
  });

  it('writes a percentage as a number with a percent format to the indicator’s decimal places', () => {
    const cell = rowFor(wb.getWorksheet('P1 Be healthy')!, 'CYP001').getCell(5);

    expect(cell.value).toBe(12.5);
    expect(cell.numFmt).toBe('0.0"%"');
  });

  it('formats counts with thousands separators and days as whole numbers', () => {
    expect(rowFor(wb.getWorksheet('P1 Be healthy')!, 'CYP002').getCell(5)).toMatchObject({
      value: 1204,
      numFmt: '#,##0',
    });
    expect(rowFor(wb.getWorksheet('P2 Stay safe children looked af')!, 'CYP003').getCell(5)).toMatchObject({
      value: 381,
      numFmt: '0',
    });
  });

  it('leaves a suppressed value empty and says it is suppressed', () => {
    const row = rowFor(wb.getWorksheet('P2 Stay safe children looked af')!, 'CYP004');

    expect(row.getCell(5).value).toBeNull();
    expect(row.getCell(6).value).toBe('Suppressed');
  });

  it('shows RAG as a word and a fill', () => {
    const red = rowFor(wb.getWorksheet('P1 Be healthy')!, 'CYP001').getCell(9);
    const amber = rowFor(wb.getWorksheet('P1 Be healthy')!, 'CYP002').getCell(9);

    expect(red.value).toBe('Red: Off target');
    expect((red.fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFD4351C');
    expect(amber.value).toBe('Amber: Near target');
    expect((amber.fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFB81C');
  });

  it('shows direction of travel, SPC variation and assurance as words', () => {
    const row = rowFor(wb.getWorksheet('P1 Be healthy')!, 'CYP001');

    expect([row.getCell(10).value, row.getCell(11).value, row.getCell(12).value, row.getCell(13).value]).toEqual([
      'Worsening',
      'No change',
      'Special cause concern (low)',
      'Hit and miss',
    ]);
  });

  it('freezes the header rows and the code and indicator columns of a priority sheet', () => {
    expect(wb.getWorksheet('P1 Be healthy')!.views[0]).toMatchObject({ state: 'frozen', xSplit: 2, ySplit: 3 });
    expect(wb.getWorksheet('Exceptions')!.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
  });

  it('embeds a trend chart beside each row and the RAG chart on the summary', () => {
    const images = wb.getWorksheet('P1 Be healthy')!.getImages();

    expect(images).toHaveLength(2);
    expect(images.map((image) => Math.round(image.range.tl.row))).toEqual([3, 4]);
    expect(wb.getWorksheet('Summary')!.getImages()).toHaveLength(1);
    expect(wb.model.media.every((m) => m.extension === 'png')).toBe(true);
  });

  it('puts the summary counts per priority on the summary sheet', () => {
    const ws = wb.getWorksheet('Summary')!;
    let p1: ExcelJS.Row | undefined;
    ws.eachRow((row) => {
      const first = row.getCell(1).value as { text?: string } | string | null;
      if (typeof first === 'object' && first?.text === 'P1') p1 = row;
    });

    expect(p1?.values).toEqual([
      undefined,
      expect.anything(),
      'Be healthy',
      'Director of Public Health',
      0,
      1,
      1,
      0,
      2,
      1,
    ]);
  });

  it('includes the "How to read this report" key', () => {
    const texts: string[] = [];
    wb.getWorksheet('Summary')!.eachRow((row) => row.eachCell((cell) => texts.push(String(cell.value))));

    expect(texts).toContain('How to read this report');
    expect(texts).toContain('Hit and miss');
    expect(texts).toContain('Special cause concern');
  });

  it('lists exceptions grouped by priority with the owner’s commentary', () => {
    const ws = wb.getWorksheet('Exceptions')!;

    expect(ws.getRow(4).getCell(1).value).toBe('P1 Be healthy');
    expect(ws.getRow(4).getCell(3).value).toBe('Concern');
    expect(ws.getRow(5).getCell(1).value).toBe('P2 Stay safe: children looked after');
    expect(ws.getRow(5).getCell(3).value).toBe('Positive');
    expect(ws.getRow(5).getCell(11).value).toBe('Two nurseries closed in the north locality in June.');
  });

  it('writes user text that looks like a formula as text, never as a formula', () => {
    const row = wb.getWorksheet('Exceptions')!.getRow(4);

    for (const [col, text] of [
      [2, '+Corporate Parenting Board'],
      [11, '=HYPERLINK("http://example.test/steal","Click for details")'],
      [12, '-1+2 more visits'],
      [14, '@SUM(A1:A2)'],
    ] as const) {
      const cell = row.getCell(col);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.formula).toBeUndefined();
      expect(cell.value).toBe(`'${text}`);
    }
  });

  it('gives byte-identical files for the same model, whenever it is rendered', async () => {
    const charts = await renderReportCharts(model);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
      const first = await renderXlsxReport(model, charts);
      vi.setSystemTime(new Date('2031-06-15T13:45:00Z'));
      const second = await renderXlsxReport(model, charts);

      expect(first.equals(second)).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('records the generation time as the workbook’s created and modified dates', () => {
    expect(wb.created.toISOString()).toBe('2024-10-28T09:30:00.000Z');
    expect(wb.modified.toISOString()).toBe('2024-10-28T09:30:00.000Z');
  });
});

describe(sheetName.name, () => {
  it('removes characters Excel forbids, keeps 31 characters and makes names unique', () => {
    const taken = new Set<string>();

    expect(sheetName('P1 Health: [0-5]/*?', taken)).toBe('P1 Health 0-5');
    expect(sheetName('A very long priority title that goes on and on', taken)).toBe('A very long priority title that');
    expect(sheetName('A very long priority title that goes on and on', taken)).toBe('A very long priority title (2)');
  });
});
