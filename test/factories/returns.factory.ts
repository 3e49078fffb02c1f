import ExcelJS from 'exceljs';
import { systemActor } from '../../libs/access/index.js';
import {
  CatalogueService,
  TargetsService,
  type Area,
  type Group,
  type Indicator,
  type IndicatorInput,
} from '../../libs/catalogue/index.js';
import { financialYear } from '../../libs/periods/index.js';

export interface ReturnsCatalogue {
  readonly group: Group;
  readonly otherGroup: Group;
  readonly home: Area;
  readonly districts: readonly Area[];
  readonly england: Area;
  readonly indicators: {
    /** Percentage, 1 dp, reported by area, owned by `group`. */
    readonly pct: Indicator;
    /** Rate per 10,000, 1 dp, owned by `group`. */
    readonly rate: Indicator;
    /** Count, plausible 0–5,000, owned by `group`. */
    readonly count: Indicator;
    /** Score (may be negative), 2 dp, owned by `group`. */
    readonly score: Indicator;
    /** Percentage owned by `otherGroup`. */
    readonly others: Indicator;
  };
}

type Services = { get<T>(token: new (...args: never[]) => T): T };

/**
 * A small partnership for returns tests: a home authority with two districts, England as a
 * comparator, two lead groups and five indicators whose targets the groups own for the financial
 * years `firstYear`–`lastYear` (2019-20 to 2024-25 unless told).
 */
export async function createReturnsCatalogue(
  services: Services,
  prefix = 'R',
  firstYear = 2019,
  lastYear = 2024,
): Promise<ReturnsCatalogue> {
  const catalogue = services.get(CatalogueService);
  const targets = services.get(TargetsService);
  const actor = systemActor('test');
  const plan = await catalogue.createPlan(
    { code: `${prefix}-CYPP`, title: 'CYPP 2024-27', startYear: 2024, endYear: 2026 },
    actor,
  );
  const priority = await catalogue.createPriority({ planId: plan.id, code: `${prefix}-P1`, title: 'Stay safe' }, actor);
  const group = await catalogue.createGroup(
    { code: `${prefix}-EY`, name: 'Early years group', kind: 'lead_group', returnsDueWorkingDays: 10 },
    actor,
  );
  const otherGroup = await catalogue.createGroup(
    { code: `${prefix}-SAFE`, name: 'Safeguarding group', kind: 'lead_group', returnsDueWorkingDays: 15 },
    actor,
  );
  const homeCode = prefix === 'R' ? 'E10000019' : `${prefix}-HOME`;
  const home =
    (await catalogue.homeArea()) ??
    (await catalogue.createArea(
      { code: homeCode, name: 'Lincolnshire', kind: 'local_authority', isHome: true },
      actor,
    ));
  const districts = [
    await catalogue.createArea(
      { code: `${prefix}-E07000136`, name: 'Boston', kind: 'district', parentCode: home.code },
      actor,
    ),
    await catalogue.createArea(
      { code: `${prefix}-E07000137`, name: 'East Lindsey', kind: 'district', parentCode: home.code },
      actor,
    ),
  ];
  const england = await catalogue.createArea({ code: `${prefix}-E92000001`, name: 'England', kind: 'country' }, actor);
  const indicator = (code: string, input: Partial<IndicatorInput>) =>
    catalogue.createIndicator(
      {
        code: `${prefix}-${code}`,
        title: `${code} title`,
        unit: 'percentage',
        decimalPlaces: 1,
        polarity: 'higher_is_better',
        frequency: 'quarterly',
        rollUp: 'recompute',
        priorityId: priority.id,
        ...input,
      },
      actor,
    );
  const pct = await indicator('PCT', { reportedByArea: true });
  const rate = await indicator('RATE', { unit: 'rate_per_10000', polarity: 'lower_is_better' });
  const count = await indicator('CNT', {
    unit: 'count',
    decimalPlaces: 0,
    rollUp: 'sum',
    plausibleMin: 0,
    plausibleMax: 5000,
  });
  const score = await indicator('SCORE', { unit: 'score', decimalPlaces: 2, rollUp: 'average' });
  const others = await indicator('OTHER', {});
  const band = {
    tolerance: { kind: 'absolute' as const, amount: 2 },
    exceptional: { kind: 'absolute' as const, amount: 5 },
  };
  for (let year = firstYear; year <= lastYear; year += 1) {
    for (const [ind, owner, value] of [
      [pct, group, 75],
      [rate, group, 60],
      [count, group, 100],
      [score, group, 0.5],
      [others, otherGroup, 50],
    ] as const) {
      await targets.create(
        { indicatorId: ind.id, period: financialYear(year), owningGroupId: owner.id, value, ...band },
        actor,
      );
    }
  }
  return { group, otherGroup, home, districts, england, indicators: { pct, rate, count, score, others } };
}

export interface ReturnSheetRow {
  indicatorCode: string;
  areaCode?: string;
  period?: string;
  value?: ExcelJS.CellValue;
  numerator?: ExcelJS.CellValue;
  denominator?: ExcelJS.CellValue;
  status?: string;
  commentary?: string;
}

export const RETURN_HEADERS = [
  'Indicator code',
  'Indicator',
  'Area code',
  'Area',
  'Period',
  'Unit',
  'Value',
  'Numerator',
  'Denominator',
  'Status',
  'Commentary',
];

function rowCells(row: ReturnSheetRow): ExcelJS.CellValue[] {
  return [
    row.indicatorCode,
    null,
    row.areaCode ?? null,
    null,
    row.period ?? null,
    null,
    row.value ?? null,
    row.numerator ?? null,
    row.denominator ?? null,
    row.status ?? null,
    row.commentary ?? null,
  ];
}

/** A plain workbook (no template) with the return's headers in row 1 of a sheet named `sheetName`. */
export async function returnWorkbook(rows: readonly ReturnSheetRow[], sheetName = 'Returns'): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow(RETURN_HEADERS);
  for (const row of rows) sheet.addRow(rowCells(row));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The same rows as CSV UTF-8 (with a BOM, CRLF, as Excel saves it). */
export function returnCsv(rows: readonly ReturnSheetRow[]): Buffer {
  const quote = (value: ExcelJS.CellValue): string => {
    if (value === null || value === undefined) return '';
    const text = String(value);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [RETURN_HEADERS.join(','), ...rows.map((row) => rowCells(row).map(quote).join(','))];
  return Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`);
}

/** Fills a downloaded template as a data officer would: `fill` gives the input cells for each row. */
export async function fillTemplate(
  template: Buffer,
  fill: (row: {
    indicatorCode: string;
    areaCode: string;
  }) => Partial<Record<'value' | 'numerator' | 'denominator' | 'status' | 'commentary', ExcelJS.CellValue>> | null,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(template as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('Returns');
  if (!sheet) throw new Error('template has no Returns sheet');
  const header = (sheet.getRow(1).values as ExcelJS.CellValue[]).map((v) => String(v ?? ''));
  const column = (name: string): number => header.indexOf(name);
  sheet.eachRow((row, rowNumber) => {
    if (rowNumber === 1) return;
    const values = fill({
      indicatorCode: String(row.getCell(column('Indicator code')).value),
      areaCode: String(row.getCell(column('Area code')).value),
    });
    if (!values) return;
    const names = {
      value: 'Value',
      numerator: 'Numerator',
      denominator: 'Denominator',
      status: 'Status',
      commentary: 'Commentary',
    } as const;
    for (const [key, value] of Object.entries(values))
      row.getCell(column(names[key as keyof typeof names])).value = value ?? null;
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
