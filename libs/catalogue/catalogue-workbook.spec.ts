import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import {
  CATALOGUE_HEADERS,
  catalogueWorkbookBuffer,
  type CatalogueSheets,
  readRows,
  sampleCatalogueSheets,
  sheetObjects,
  workbookBuffer,
} from '../../test/factories/catalogue-workbook.factory.js';
import { financialYear, quarter } from '../periods/index.js';
import { buildZip, type ZipPart } from '../spreadsheets/zip.fixture.js';
import {
  buildCatalogueWorkbook,
  type CatalogueSnapshot,
  type CatalogueWorkbookParse,
  changedFields,
  groupsInApplyOrder,
  MAX_PROBLEMS_LISTED,
  notInWorkbook,
  parseCatalogueWorkbook,
  resolvePriorityRef,
} from './workbook/index.js';

const EMPTY: CatalogueSnapshot = { plans: [], priorities: [], groups: [], areas: [], indicators: [], targets: [] };

/** A catalogue holding what the sample workbook describes, with ids. */
function storedCatalogue(overrides: Partial<CatalogueSnapshot> = {}): CatalogueSnapshot {
  return {
    plans: [
      {
        id: 'plan-1',
        code: 'CYPP-2024-27',
        title: "Children and Young People's Plan 2024-27",
        startYear: 2024,
        endYear: 2026,
      },
    ],
    priorities: [
      {
        id: 'pri-1',
        planId: 'plan-1',
        code: 'P1',
        title: 'Be healthy',
        description: '',
        accountableMember: '',
        displayOrder: 1,
      },
      {
        id: 'pri-2',
        planId: 'plan-1',
        code: 'P2',
        title: 'Stay safe',
        description: '',
        accountableMember: '',
        displayOrder: 2,
      },
    ],
    groups: [
      {
        id: 'g-hwb',
        code: 'HWB',
        name: 'Health and Wellbeing Board',
        kind: 'hwb',
        parentId: null,
        returnsDueWorkingDays: 10,
      },
      {
        id: 'g-exec',
        code: 'EXEC',
        name: 'Executive',
        kind: 'executive',
        parentId: 'g-hwb',
        returnsDueWorkingDays: 10,
      },
      {
        id: 'g-ewb',
        code: 'EWB',
        name: 'Emotional Wellbeing',
        kind: 'lead_group',
        parentId: 'g-exec',
        returnsDueWorkingDays: 10,
      },
    ],
    areas: [
      {
        id: 'a-home',
        code: 'E10000019',
        name: 'Lincolnshire',
        kind: 'local_authority',
        parentCode: null,
        isHome: true,
        isStatisticalNeighbour: false,
      },
    ],
    indicators: [
      {
        id: 'i-cla',
        code: 'CLA-RATE',
        title: 'CLA rate',
        definition: '',
        unit: 'rate_per_10000',
        decimalPlaces: 1,
        polarity: 'lower_is_better',
        frequency: 'quarterly',
        rollUp: 'latest',
        cumulativeYtd: false,
        reportedByArea: false,
        priorityId: 'pri-2',
        dataSource: '',
        plausibleMin: null,
        plausibleMax: null,
      },
    ],
    targets: [
      {
        id: 't-cla',
        indicatorId: 'i-cla',
        areaId: null,
        period: financialYear(2024),
        version: 1,
        settings: {
          value: 55,
          rangeLow: null,
          rangeHigh: null,
          tolerance: { kind: 'absolute', amount: 2 },
          exceptional: { kind: 'absolute', amount: 5 },
          agreedBy: "Children's Trust Executive",
          agreedOn: '2024-03-14',
        },
        owningGroupId: 'g-exec',
      },
    ],
    ...overrides,
  };
}

async function parse(sheets: CatalogueSheets, catalogue: CatalogueSnapshot = EMPTY): Promise<CatalogueWorkbookParse> {
  return parseCatalogueWorkbook(await readRows(await catalogueWorkbookBuffer(sheets)), catalogue);
}

async function problemsOf(sheets: CatalogueSheets, catalogue: CatalogueSnapshot = EMPTY): Promise<string[]> {
  const result = await parse(sheets, catalogue);
  if (result.ok) throw new Error('expected the workbook to be rejected');
  return result.problems.map((p) => (p.location ? `${p.location}: ${p.message}` : p.message));
}

describe(parseCatalogueWorkbook.name, () => {
  it('reads a valid workbook into plans, priorities, groups, areas, indicators and targets', async () => {
    const sut = await parse(sampleCatalogueSheets());

    expect(sut.ok).toBe(true);
    if (!sut.ok) return;
    expect(sut.rows.plans).toEqual([
      {
        row: 2,
        code: 'CYPP-2024-27',
        title: "Children and Young People's Plan 2024-27",
        startYear: 2024,
        endYear: 2026,
      },
    ]);
    expect(sut.rows.priorities.map((p) => `${p.planCode}/${p.code}`)).toEqual(['CYPP-2024-27/P1', 'CYPP-2024-27/P2']);
    expect(sut.rows.groups.map((g) => [g.code, g.parentCode, g.returnsDueWorkingDays])).toEqual([
      ['EXEC', 'HWB', 10],
      ['EWB', 'EXEC', 15],
      ['HWB', null, 10],
    ]);
    expect(sut.rows.areas.map((a) => [a.code, a.isHome])).toEqual([
      ['E10000019', true],
      ['E07000136', false],
    ]);
    expect(sut.rows.indicators[1]).toMatchObject({
      code: 'EHCP-20WK',
      cumulativeYtd: true,
      reportedByArea: false,
      definition: '',
      plausibleMax: 100,
    });
    expect(sut.rows.targets[0]).toMatchObject({
      indicatorCode: 'CLA-RATE',
      areaCode: null,
      period: financialYear(2024),
      settings: { value: 55, agreedOn: '2024-03-14', agreedBy: "Children's Trust Executive" },
    });
    expect(sut.rows.targets[1]).toMatchObject({
      areaCode: 'E07000136',
      period: quarter(2024, 2),
      settings: { tolerance: { kind: 'relative', amount: 0.05 } },
    });
    expect(sut.rows.targets[3].settings).toMatchObject({ value: null, rangeLow: 76, rangeHigh: 80 });
  });

  it('names the sheet, cell and allowed values for a value outside a list', async () => {
    const sheets = sampleCatalogueSheets();
    sheets.Indicators[4 - 2 - 1].Polarity = 'higher';

    expect(await problemsOf(sheets)).toEqual([
      "Indicators!F3: polarity 'higher' is not one of higher_is_better, lower_is_better, no_polarity",
    ]);
  });

  it('accepts list values whatever their case and with spaces for underscores', async () => {
    const sheets = sampleCatalogueSheets();
    sheets.Indicators[0].Polarity = 'Lower is better';

    const sut = await parse(sheets);

    expect(sut.ok && sut.rows.indicators[0].polarity).toBe('lower_is_better');
  });

  it('refuses a decimal comma and says what to type instead', async () => {
    const sheets = sampleCatalogueSheets();
    sheets.Targets[0]['Target value'] = '12,5';

    expect(await problemsOf(sheets)).toEqual(["Targets!D2: target value: '12,5' is not a number; use 12.5"]);
  });

  it('reads numbers typed as text', async () => {
    const sheets = sampleCatalogueSheets();
    sheets.Targets[0]['Target value'] = ' 12.5 ';

    const sut = await parse(sheets);

    expect(sut.ok && sut.rows.targets[0].settings.value).toBe(12.5);
  });

  it('refuses a whole-number column holding a fraction or a value out of range', async () => {
    const sheets = sampleCatalogueSheets();
    sheets.Indicators[0]['Decimal places'] = 2.5;
    sheets.Groups[0]['Returns due (working days)'] = 200;

    expect(await problemsOf(sheets)).toEqual([
      "Groups!E2: returns due '200' is not a whole number from 0 to 120",
      "Indicators!E2: decimal places '2.5' is not a whole number from 0 to 6",
    ]);
  });

  it('refuses a Y/N cell holding anything else, and reads Yes, no and blank', async () => {
    const sheets = sampleCatalogueSheets();
    sheets.Areas[0]['Statistical neighbour (Y/N)'] = 'maybe';
    sheets.Indicators[0]['Cumulative YTD (Y/N)'] = 'Yes';
    sheets.Indicators[0]['Reported by area (Y/N)'] = 'no';

    expect(await problemsOf(sheets)).toEqual(["Areas!F2: statistical neighbour 'maybe' is not Y or N"]);
    sheets.Areas[0]['Statistical neighbour (Y/N)'] = null;
    const sut = await parse(sheets);
    expect(
      sut.ok && [
        sut.rows.areas[0].isStatisticalNeighbour,
        sut.rows.indicators[0].cumulativeYtd,
        sut.rows.indicators[0].reportedByArea,
      ],
    ).toEqual([false, true, false]);
  });

  it('lists every required cell left blank', async () => {
    const sheets = sampleCatalogueSheets();
    sheets.Groups[1].Name = '  ';
    sheets.Indicators[1].Unit = null;
    sheets.Targets[2]['Owning group code'] = null;
    sheets.Targets[2].Period = null;

    expect(await problemsOf(sheets)).toEqual([
      'Groups!B3: name is required',
      'Indicators!D3: unit is required (one of percentage, rate_per_1000, rate_per_10000, rate_per_100000, count, days, score)',
      'Targets!C4: period is required',
      'Targets!M4: owning group code is required',
    ]);
  });

  it('refuses a code used twice on one sheet, naming the earlier row', async () => {
    const sheets = sampleCatalogueSheets();
    sheets.Groups.push({ ...sheets.Groups[1], Name: 'Another' });
    sheets.Priorities.push({ ...sheets.Priorities[0] });
    sheets.Targets.push({ ...sheets.Targets[0], 'Target value': 50 });

    expect(await problemsOf(sheets)).toEqual([
      "Priorities!E4: priority 'P1' of plan 'CYPP-2024-27' is already on row 2",
      "Groups!A5: group 'EWB' is already on row 3",
      'Targets!C6: the target CLA-RATE 2024-25 is already on row 2',
    ]);
  });

  it('refuses a code with characters codes may not hold', async () => {
    const sheets = sampleCatalogueSheets();
    sheets.Groups[2].Code = 'HW B';

    expect(await problemsOf(sheets)).toEqual([
      "Groups!D2: reports to: there is no group 'HWB' in this workbook or the catalogue",
      "Groups!A4: code 'HW B' may contain only letters, digits, dot, underscore and hyphen, and must start with a letter or digit",
    ]);
  });

  it('refuses references to codes that are neither in the workbook nor in the catalogue', async () => {
    const sheets = sampleCatalogueSheets();
    sheets.Groups[1]['Reports to (group code)'] = 'NOPE';
    sheets.Indicators[0]['Priority code'] = 'P9';
    sheets.Targets[0]['Indicator code'] = 'MISSING';
    sheets.Targets[1]['Area code (blank = whole authority)'] = 'E99999999';
    sheets.Targets[2]['Owning group code'] = 'ewb';

    expect(await problemsOf(sheets)).toEqual([
      "Groups!D3: reports to: there is no group 'NOPE' in this workbook or the catalogue",
      "Indicators!K2: priority code 'P9' is not a priority in this workbook or the catalogue",
      "Targets!A2: indicator code: there is no indicator 'MISSING' in this workbook or the catalogue",
      "Targets!B3: area code: there is no area 'E99999999' in this workbook or the catalogue",
      "Targets!M4: owning group code: there is no group 'ewb' in this workbook or the catalogue (did you mean 'EWB'?)",
    ]);
  });

  it('resolves references to what the catalogue already holds', async () => {
    const sheets: CatalogueSheets = {
      Priorities: [],
      Groups: [],
      Areas: [],
      Indicators: [{ ...sampleCatalogueSheets().Indicators[1], 'Priority code': 'P1' }],
      Targets: [{ ...sampleCatalogueSheets().Targets[2], 'Owning group code': 'EWB' }],
    };

    const sut = await parse(sheets, storedCatalogue());

    expect(sut.ok).toBe(true);
  });

  it('refuses a group structure with a cycle, on every group in it', async () => {
    const sheets = sampleCatalogueSheets();
    sheets.Groups[2]['Reports to (group code)'] = 'EWB';

    expect(await problemsOf(sheets)).toEqual([
      "Groups!D2: reports to: 'HWB' leads back to 'EXEC' (EXEC → HWB → EWB → EXEC); a group cannot report to itself, directly or through other groups",
      "Groups!D3: reports to: 'EXEC' leads back to 'EWB' (EXEC → HWB → EWB → EXEC); a group cannot report to itself, directly or through other groups",
      "Groups!D4: reports to: 'EWB' leads back to 'HWB' (EXEC → HWB → EWB → EXEC); a group cannot report to itself, directly or through other groups",
    ]);
  });

  it('finds a cycle formed with reporting lines the catalogue already holds', async () => {
    const sheets: CatalogueSheets = {
      Priorities: [],
      Groups: [{ Code: 'HWB', Name: 'HWB', Kind: 'hwb', 'Reports to (group code)': 'EWB' }],
      Areas: [],
      Indicators: [],
      Targets: [],
    };

    const problems = await problemsOf(sheets, storedCatalogue());

    expect(problems).toEqual([
      expect.stringContaining("Groups!D2: reports to: 'EWB' leads back to 'HWB' (HWB → EWB → EXEC → HWB)"),
    ]);
  });

  it('refuses a second home authority, in the workbook or already in the catalogue', async () => {
    const sheets = sampleCatalogueSheets();
    sheets.Areas[0]['Code (GSS)'] = 'E10000020';
    sheets.Areas[1]['Parent code'] = 'E10000020';

    expect(await problemsOf(sheets, storedCatalogue({ targets: [] }))).toEqual([
      "Areas!E2: home authority: only one area can be the home authority, but 'E10000019' (in the catalogue, not in this workbook) is too",
    ]);
  });

  it('requires a change reason when an agreed target changes, naming the cell and the change', async () => {
    const sheets = sampleCatalogueSheets();
    sheets.Targets[0]['Target value'] = 50;

    expect(await problemsOf(sheets, storedCatalogue())).toEqual([
      'Targets!N2: change reason is required: this changes the agreed target CLA-RATE 2024-25 (value 55 → 50), which adds version 2',
    ]);
    sheets.Targets[0]['Change reason'] = 'Revised after the Ofsted inspection';
    const sut = await parse(sheets, storedCatalogue());
    expect(sut.ok && sut.rows.targets[0].changeReason).toBe('Revised after the Ofsted inspection');
  });

  it('needs no change reason for a target whose values are unchanged or new', async () => {
    const sut = await parse(sampleCatalogueSheets(), storedCatalogue());

    expect(sut.ok).toBe(true);
  });

  it('refuses a target with both a value and a range, or half a range', async () => {
    const sheets = sampleCatalogueSheets();
    sheets.Targets[0]['Range low'] = 50;
    sheets.Targets[3]['Range high'] = null;

    expect(await problemsOf(sheets)).toEqual([
      'Targets!D2: give either a target value or a range (low and high), not both',
      'Targets!F5: a range target needs both a low and a high value',
    ]);
  });

  it('refuses a negative tolerance and a range whose low end is above its high end', async () => {
    const sheets = sampleCatalogueSheets();
    sheets.Targets[0].Tolerance = -1;
    sheets.Targets[3]['Range low'] = 90;

    expect(await problemsOf(sheets)).toEqual([
      'Targets!H2: tolerance cannot be below 0 (-1)',
      'Targets!E5: the range low (90) is above the range high (80)',
    ]);
  });

  it('reads agreed-on dates from date cells, ISO text and UK text, and refuses others', async () => {
    const sheets = sampleCatalogueSheets();
    sheets.Targets[1]['Agreed on'] = '02/04/2024';
    sheets.Targets[3]['Agreed on'] = '31/02/2024';

    expect(await problemsOf(sheets)).toEqual([
      "Targets!L5: agreed on '31/02/2024' is not a date; use a date such as 2024-03-14 or 14/03/2024",
    ]);
    sheets.Targets[3]['Agreed on'] = null;
    const sut = await parse(sheets);
    expect(sut.ok && sut.rows.targets.map((t) => t.settings.agreedOn)).toEqual([
      '2024-03-14',
      '2024-04-02',
      '2024-04-02',
      null,
    ]);
  });

  it('explains a period it cannot read, and one Excel turned into a date', async () => {
    const sheets = sampleCatalogueSheets();
    sheets.Targets[0].Period = '2024-25 Q5';
    sheets.Targets[1].Period = new Date(Date.UTC(2024, 8, 1));

    const problems = await problemsOf(sheets);

    expect(problems).toEqual([
      expect.stringMatching(/^Targets!C2: period: '2024-25 Q5' is not a period: /),
      'Targets!C3: period: Excel turned the period into the date 2024-09-01; type it as text, e.g. 2024-25 Q2 or Sep 2024',
    ]);
  });

  it('refuses formulas, since the file carries only their last result', async () => {
    const sheets = sampleCatalogueSheets();
    sheets.Targets[0]['Target value'] = { formula: 'SUM(50,5)', result: 55 };

    expect(await problemsOf(sheets)).toEqual([
      'Targets!D2: target value is a formula (=SUM(50,5)); type the value itself',
    ]);
  });

  it('refuses rows of one plan that disagree about the plan', async () => {
    const sheets = sampleCatalogueSheets();
    sheets.Priorities[1]['Plan title'] = 'Another title';
    sheets.Priorities[1]['Plan end year'] = 2027;

    expect(await problemsOf(sheets)).toEqual([
      "Priorities!B3: plan title 'Another title' differs from 'Children and Young People's Plan 2024-27' on row 2 for plan 'CYPP-2024-27'; every row of a plan must give the same plan title",
      "Priorities!D3: plan end year 2027 differs from 2026 on row 2 for plan 'CYPP-2024-27'",
    ]);
  });

  it('refuses a plan that ends before it starts', async () => {
    const sheets = sampleCatalogueSheets();
    for (const row of sheets.Priorities) row['Plan end year'] = 2023;

    expect(await problemsOf(sheets)).toEqual(['Priorities!D2: plan end year 2023 is before its start year 2024']);
  });

  it('reads a plan-only row as a plan with no priorities', async () => {
    const sheets = sampleCatalogueSheets();
    sheets.Priorities.push({
      'Plan code': 'CYPP-2027-30',
      'Plan title': 'Next plan',
      'Plan start year': 2027,
      'Plan end year': 2029,
    });

    const sut = await parse(sheets);

    expect(sut.ok && sut.rows.plans.map((p) => p.code)).toEqual(['CYPP-2024-27', 'CYPP-2027-30']);
    expect(sut.ok && sut.rows.priorities).toHaveLength(2);
  });

  it('lists every problem across sheets, in sheet and cell order', async () => {
    const sheets = sampleCatalogueSheets();
    sheets.Targets[1].Tolerance = 'lots';
    sheets.Priorities[0]['Plan start year'] = 'twenty';
    sheets.Indicators[2].Frequency = 'weekly';
    sheets.Areas[1].Kind = 'county';
    sheets.Groups[0].Kind = null;

    const problems = await problemsOf(sheets);

    expect(problems.map((p) => p.split(':')[0])).toEqual([
      'Priorities!C2',
      'Groups!C2',
      'Areas!C3',
      'Indicators!G4',
      'Targets!H3',
    ]);
  });

  it('reports a missing sheet and wrong headings without also reporting every reference into them', async () => {
    const headers: string[] = [...CATALOGUE_HEADERS.Groups];
    headers[2] = 'Type';
    const sut = parseCatalogueWorkbook(
      await readRows(
        await catalogueWorkbookBuffer(sampleCatalogueSheets(), { without: ['Areas'], headers: { Groups: headers } }),
      ),
      EMPTY,
    );

    expect(sut.ok ? [] : sut.problems).toEqual([
      { location: 'Groups!C1', message: "expected the column heading 'Kind' here, found 'Type'" },
      {
        location: 'Areas!A1',
        message: "the workbook has no 'Areas' sheet; download the catalogue workbook to start from the right layout",
      },
    ]);
  });

  it('refuses a column the workbook does not have, rather than ignore what it holds', async () => {
    const sut = parseCatalogueWorkbook(
      await readRows(
        await catalogueWorkbookBuffer(sampleCatalogueSheets(), {
          headers: { Groups: [...CATALOGUE_HEADERS.Groups, 'Notes'] },
        }),
      ),
      EMPTY,
    );

    expect(sut.ok ? [] : sut.problems).toEqual([
      { location: 'Groups!F1', message: "the column 'Notes' is not part of the catalogue workbook; remove it" },
    ]);
  });

  it('lists at most the first problems and counts the rest', async () => {
    const sheets = sampleCatalogueSheets();
    sheets.Groups = Array.from({ length: MAX_PROBLEMS_LISTED + 10 }, (_, i) => ({
      Code: `G${i}`,
      Name: 'Group',
      Kind: 'nonsense',
    }));
    sheets.Targets = [];

    const problems = await problemsOf(sheets);

    expect(problems).toHaveLength(MAX_PROBLEMS_LISTED + 1);
    expect(problems.at(-1)).toBe('… and 10 more problems; fix these first.');
  });

  it('reads a workbook whose drop-downs cover whole sheets without expanding them cell by cell', async () => {
    // exceljs's workbook.xlsx.load turns this one attribute into 17 billion entries and never returns.
    const download = await workbookBuffer(buildCatalogueWorkbook(storedCatalogue(), new Date()));
    const zip = await yauzl.fromBufferPromise(download, { lazyEntries: true });
    const parts: ZipPart[] = [];
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName.endsWith('/')) continue;
      const chunks: Buffer[] = [];
      for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
      const data = Buffer.concat(chunks)
        .toString('utf8')
        .replace(/sqref="[^"]+"/g, 'sqref="A1:XFD1048576"');
      parts.push({ name: entry.fileName, data: Buffer.from(data, 'utf8') });
    }
    zip.close();
    expect(parts.some((part) => part.data.includes('sqref="A1:XFD1048576"'))).toBe(true);

    const sut = parseCatalogueWorkbook(await readRows(buildZip(parts)), storedCatalogue());

    expect(sut.ok).toBe(true);
  });

  it('takes off the apostrophe the download puts before text that would read as a formula', async () => {
    const sheets = sampleCatalogueSheets();
    sheets.Indicators[0].Definition = '\'=HYPERLINK("http://evil")';
    sheets.Indicators[1].Definition = "'plain text with an apostrophe";

    const sut = await parse(sheets);

    expect(sut.ok && sut.rows.indicators.map((i) => i.definition)).toEqual([
      '=HYPERLINK("http://evil")',
      "'plain text with an apostrophe",
      '',
    ]);
  });
});

describe(resolvePriorityRef.name, () => {
  const keys = ['A/P1', 'A/P2', 'B/P1'];

  it('resolves a priority code only one plan uses', () => {
    expect(resolvePriorityRef('P2', keys)).toEqual({ ok: true, key: 'A/P2' });
  });

  it('asks for the plan when two plans use the code', () => {
    expect(resolvePriorityRef('P1', keys)).toEqual({
      ok: false,
      message: "priority code 'P1' is used by more than one plan; write it as 'A/P1' or 'B/P1'",
    });
    expect(resolvePriorityRef('B/P1', keys)).toEqual({ ok: true, key: 'B/P1' });
  });
});

describe(changedFields.name, () => {
  it('gives only the fields that differ, treating CRLF and LF alike', () => {
    const sut = changedFields({ title: 'a\r\nb', order: 1, on: true }, { title: 'a\nb', order: 2, on: true }, [
      'title',
      'order',
      'on',
    ]);

    expect(sut).toEqual({ order: 2 });
  });
});

describe(groupsInApplyOrder.name, () => {
  it('puts every group after the group it reports to', async () => {
    const sut = await parse(sampleCatalogueSheets());

    expect(sut.ok && groupsInApplyOrder(sut.rows.groups, EMPTY).map((g) => g.code)).toEqual(['HWB', 'EXEC', 'EWB']);
  });
});

describe(notInWorkbook.name, () => {
  it('lists what the catalogue holds and the workbook leaves out', async () => {
    const sheets = sampleCatalogueSheets();
    sheets.Groups = sheets.Groups.filter((g) => g.Code !== 'EXEC').map((g) =>
      g.Code === 'EWB' ? { ...g, 'Reports to (group code)': 'HWB' } : g,
    );
    sheets.Targets = sheets.Targets.slice(2);
    const catalogue = storedCatalogue();
    const sut = await parse(sheets, catalogue);
    if (!sut.ok) throw new Error(JSON.stringify(sut.problems));

    expect(notInWorkbook(sut.rows, catalogue)).toEqual({
      plans: [],
      priorities: [],
      groups: ['EXEC'],
      areas: [],
      indicators: [],
      targets: ['CLA-RATE 2024-25'],
    });
  });
});

describe(buildCatalogueWorkbook.name, () => {
  const tricky = storedCatalogue({
    priorities: [
      {
        id: 'pri-1',
        planId: 'plan-1',
        code: 'P1',
        title: '=cmd|calc',
        description: 'Line one\nline two',
        accountableMember: '  padded  ',
        displayOrder: 1,
      },
      {
        id: 'pri-2',
        planId: 'plan-1',
        code: 'P2',
        title: 'Stay safe',
        description: '',
        accountableMember: '',
        displayOrder: 2,
      },
    ],
  });

  it('starts with the instructions, then one sheet per part of the catalogue with the agreed headings', async () => {
    const sut = buildCatalogueWorkbook(tricky, new Date('2024-11-25T09:00:00Z'));

    expect(sut.worksheets.map((w) => w.name)).toEqual([
      'Instructions',
      'Priorities',
      'Groups',
      'Areas',
      'Indicators',
      'Targets',
    ]);
    for (const name of Object.keys(CATALOGUE_HEADERS) as (keyof typeof CATALOGUE_HEADERS)[]) {
      const headings = (sut.getWorksheet(name)!.getRow(1).values as unknown[]).slice(1);
      expect(headings, name).toEqual(
        name === 'Targets' ? [...CATALOGUE_HEADERS.Targets, 'Version'] : [...CATALOGUE_HEADERS[name]],
      );
    }
  });

  it('explains every column of every sheet on the instructions sheet', () => {
    const sut = buildCatalogueWorkbook(EMPTY, new Date('2024-11-25T09:00:00Z'));
    const explained = new Set<string>();
    sut.getWorksheet('Instructions')!.eachRow((row) => explained.add(String(row.getCell(2).value)));

    for (const headers of Object.values(CATALOGUE_HEADERS))
      for (const header of headers) expect(explained).toContain(header);
  });

  it('freezes the heading row and offers drop-downs for list and Y/N columns', async () => {
    const buffer = await workbookBuffer(buildCatalogueWorkbook(tricky, new Date('2024-11-25T09:00:00Z')));
    const loaded = new ExcelJS.Workbook();
    await loaded.xlsx.load(buffer as unknown as ArrayBuffer);
    const indicators = loaded.getWorksheet('Indicators')!;

    expect(indicators.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(indicators.getCell('F2').dataValidation).toMatchObject({
      type: 'list',
      formulae: ['"higher_is_better,lower_is_better,no_polarity"'],
    });
    expect(indicators.getCell('I50').dataValidation).toMatchObject({ type: 'list', formulae: ['"Y,N"'] });
    expect(loaded.getWorksheet('Targets')!.getCell('G2').dataValidation).toMatchObject({
      formulae: ['"absolute,relative"'],
    });
  });

  it('writes user text through the formula guard', async () => {
    const buffer = await workbookBuffer(buildCatalogueWorkbook(tricky, new Date('2024-11-25T09:00:00Z')));

    const priorities = await sheetObjects(buffer, 'Priorities');

    expect(priorities[0]['Priority title']).toBe("'=cmd|calc");
  });

  it('reads back exactly what it wrote, so an unchanged upload changes nothing', async () => {
    const buffer = await workbookBuffer(buildCatalogueWorkbook(tricky, new Date('2024-11-25T09:00:00Z')));

    const sut = parseCatalogueWorkbook(await readRows(buffer), tricky);

    if (!sut.ok) throw new Error(JSON.stringify(sut.problems));
    expect(
      sut.rows.priorities.map(({ title, description, accountableMember }) => ({
        title,
        description,
        accountableMember,
      })),
    ).toEqual([
      { title: '=cmd|calc', description: 'Line one\nline two', accountableMember: '  padded  ' },
      { title: 'Stay safe', description: '', accountableMember: '' },
    ]);
    expect(sut.rows.groups.map((g) => [g.code, g.parentCode])).toEqual([
      ['EWB', 'EXEC'],
      ['EXEC', 'HWB'],
      ['HWB', null],
    ]);
    expect(sut.rows.targets).toEqual([
      {
        row: 2,
        indicatorCode: 'CLA-RATE',
        areaCode: null,
        period: financialYear(2024),
        settings: tricky.targets[0].settings,
        owningGroupCode: 'EXEC',
        changeReason: null,
      },
    ]);
    expect(sut.rows.indicators[0]).toMatchObject({ priorityRef: 'P2', plausibleMin: null, definition: '' });
  });

  it('qualifies a priority code that two plans share', async () => {
    const catalogue = storedCatalogue({
      plans: [
        ...storedCatalogue().plans,
        { id: 'plan-2', code: 'CYPP-2027-30', title: 'Next', startYear: 2027, endYear: 2029 },
      ],
      priorities: [
        ...storedCatalogue().priorities,
        {
          id: 'pri-3',
          planId: 'plan-2',
          code: 'P2',
          title: 'Stay safe',
          description: '',
          accountableMember: '',
          displayOrder: 2,
        },
      ],
    });
    const buffer = await workbookBuffer(buildCatalogueWorkbook(catalogue, new Date()));

    const indicators = await sheetObjects(buffer, 'Indicators');

    expect(indicators[0]['Priority code']).toBe('CYPP-2024-27/P2');
    expect(parseCatalogueWorkbook(await readRows(buffer), catalogue).ok).toBe(true);
  });
});
