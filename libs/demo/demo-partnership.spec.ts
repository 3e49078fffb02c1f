import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  contains,
  financialYear,
  financialYearOf,
  formatPeriod,
  month,
  nextPeriod,
  type Period,
  quarter,
} from '../periods/index.js';
import {
  buildDemoPartnership,
  DEMO_HOME_AREA_CODE,
  type DemoPartnership,
  type DemoTarget,
  type DemoValue,
  latestCompleteQuarter,
} from './demo-partnership.js';

const LATEST = quarter(2025, 2);
const sut = buildDemoPartnership;
const demo = sut({ latestQuarter: LATEST });

const MULTIPLIER: Record<string, number> = {
  percentage: 100,
  rate_per_1000: 1_000,
  rate_per_10000: 10_000,
  rate_per_100000: 100_000,
};

interface Observation {
  period: Period;
  row: DemoValue;
}

/** The county's value per indicator and period, as the last return for that period left it. */
function countyValues(partnership: DemoPartnership): Map<string, Observation[]> {
  const latest = new Map<string, Observation>();
  for (const ret of partnership.returns) {
    for (const row of ret.rows) {
      if (row.areaCode === DEMO_HOME_AREA_CODE)
        latest.set(`${row.indicatorCode}|${ret.period.type}|${ret.period.start}`, { period: ret.period, row });
    }
  }
  const byIndicator = new Map<string, Observation[]>();
  for (const observation of latest.values()) {
    const list = byIndicator.get(observation.row.indicatorCode) ?? [];
    list.push(observation);
    byIndicator.set(observation.row.indicatorCode, list);
  }
  for (const list of byIndicator.values()) list.sort((a, b) => a.period.start.localeCompare(b.period.start));
  return byIndicator;
}

function currentVersion(target: DemoTarget): {
  value: number | null;
  tolerance: DemoTarget['tolerance'];
  exceptional: DemoTarget['exceptional'];
} {
  return target.revisions.at(-1) ?? target;
}

describe(buildDemoPartnership.name, () => {
  it('gives the same partnership for the same latest quarter', () => {
    expect(sut({ latestQuarter: quarter(2025, 2) })).toEqual(demo);
  });

  it('moves the history with the latest quarter', () => {
    const later = sut({ latestQuarter: quarter(2025, 3) });
    const quartersOf = (p: DemoPartnership): string[] =>
      [...new Set(p.returns.filter((r) => r.period.type === 'quarter').map((r) => formatPeriod(r.period)))].sort();
    expect(quartersOf(demo)).toHaveLength(12);
    expect(quartersOf(demo)[0]).toBe('2022-23 Q3');
    expect(quartersOf(demo).at(-1)).toBe('2025-26 Q2');
    expect(quartersOf(later)[0]).toBe('2022-23 Q4');
    expect(quartersOf(later).at(-1)).toBe('2025-26 Q3');
  });

  it('names the plan after its three financial years, the year before the latest quarter first', () => {
    expect(demo.plan).toEqual({
      code: 'CYPP-2024-27',
      title: "Lincolnshire Children and Young People's Plan 2024-27",
      startYear: 2024,
      endYear: 2026,
    });
  });

  it('refuses a latest period that is not a quarter', () => {
    expect(() => sut({ latestQuarter: month(2025, 9) })).toThrow(RangeError);
  });

  it('models the partnership structure: HWB at the top, the board, the Executive and its groups', () => {
    const byCode = new Map(demo.groups.map((g) => [g.code, g]));
    expect(byCode.get('HWB')).toMatchObject({ kind: 'hwb', parentCode: null });
    expect(byCode.get('CYPSP')).toMatchObject({ kind: 'partnership_board', parentCode: 'HWB' });
    expect(byCode.get('CYP-EXEC')).toMatchObject({ kind: 'executive', parentCode: 'CYPSP' });
    expect(demo.groups.filter((g) => g.kind === 'lead_group').map((g) => g.code)).toEqual(
      expect.arrayContaining([
        'BIRTH-TO-FIVE',
        'FIVE-TO-13',
        '13-TO-19',
        'DISABLED-CHILDREN',
        'CORPORATE-PARENTING',
        'EWMH',
      ]),
    );
    expect(demo.groups.filter((g) => g.kind === 'locality_partnership')).toHaveLength(7);
    expect(demo.groups.filter((g) => g.kind === 'statutory_board').map((g) => g.code)).toEqual(['LSCP', 'YOS']);
    demo.groups.forEach((g, i) => {
      if (g.parentCode) expect(demo.groups.findIndex((p) => p.code === g.parentCode)).toBeLessThan(i);
    });
  });

  it('has the county, its seven districts, region, England and statistical neighbours', () => {
    const home = demo.areas.filter((a) => a.isHome);
    expect(home).toEqual([
      expect.objectContaining({ code: 'E10000019', kind: 'local_authority', parentCode: 'E12000004' }),
    ]);
    expect(demo.areas.filter((a) => a.kind === 'district' && a.parentCode === 'E10000019')).toHaveLength(7);
    expect(demo.areas.map((a) => a.code)).toEqual(expect.arrayContaining(['E92000001', 'E12000004']));
    expect(demo.areas.filter((a) => a.isStatisticalNeighbour).length).toBeGreaterThanOrEqual(4);
  });

  it('has the five Every Child Matters priorities, each with an accountable board member', () => {
    expect(demo.priorities.map((p) => p.title)).toEqual([
      'Be healthy',
      'Stay safe',
      'Enjoy and achieve',
      'Make a positive contribution',
      'Achieve economic well-being',
    ]);
    for (const priority of demo.priorities) expect(priority.accountableMember).not.toBe('');
  });

  it('has 40 or more indicators of mixed units, polarities and frequencies, mostly quarterly', () => {
    expect(demo.indicators.length).toBeGreaterThanOrEqual(40);
    expect(new Set(demo.indicators.map((i) => i.unit))).toEqual(
      new Set(['percentage', 'rate_per_1000', 'rate_per_10000', 'rate_per_100000', 'count', 'days', 'score']),
    );
    expect(new Set(demo.indicators.map((i) => i.polarity))).toEqual(
      new Set(['higher_is_better', 'lower_is_better', 'no_polarity']),
    );
    expect(demo.indicators.filter((i) => i.polarity === 'no_polarity').length).toBeGreaterThanOrEqual(2);
    const frequencies = demo.indicators.map((i) => i.frequency);
    expect(frequencies.filter((f) => f === 'quarterly').length).toBeGreaterThan(demo.indicators.length / 2);
    expect(frequencies).toEqual(expect.arrayContaining(['monthly', 'annual', 'academic_year']));
    expect(demo.indicators.some((i) => i.reportedByArea)).toBe(true);
    for (const indicator of demo.indicators.filter((i) => i.cumulativeYtd)) expect(indicator.unit).toBe('count');
    for (const indicator of demo.indicators) {
      expect(demo.priorities.map((p) => p.code)).toContain(indicator.priorityCode);
      expect(indicator.dataSource).not.toBe('');
    }
  });

  it('gives every no-polarity indicator an in-range target and every other a single value', () => {
    for (const target of demo.targets) {
      const indicator = demo.indicators.find((i) => i.code === target.indicatorCode)!;
      if (indicator.polarity === 'no_polarity') {
        expect(target.value).toBeNull();
        expect(target.rangeLow).toBeLessThan(target.rangeHigh!);
      } else {
        expect(target.value).not.toBeNull();
      }
    }
  });

  it('sets a target for every financial year of the history and of the plan', () => {
    const fyIndicators = demo.indicators.filter((i) => i.frequency !== 'academic_year');
    for (const year of [2022, 2023, 2024, 2025, 2026]) {
      const fy = financialYear(year);
      for (const indicator of fyIndicators) {
        const found = demo.targets.find(
          (t) =>
            t.indicatorCode === indicator.code && t.period.type === 'financial_year' && t.period.start === fy.start,
        );
        expect(found, `${indicator.code} ${formatPeriod(fy)}`).toBeDefined();
        expect(found!.agreedBy).not.toBe('');
        expect(found!.agreedOn < fy.start).toBe(true);
      }
    }
    expect(demo.targets.some((t) => t.period.type === 'quarter')).toBe(true);
    expect(demo.targets.some((t) => t.revisions.length > 0 && t.revisions[0]!.reason.length > 0)).toBe(true);
  });

  it('gives every target an owning lead group or statutory board, with a change of owner recorded', () => {
    const kinds = new Map(demo.groups.map((g) => [g.code, g.kind]));
    const owners = demo.targets.flatMap((t) => [t.owningGroupCode, ...t.ownerChanges.map((c) => c.groupCode)]);
    for (const owner of owners) expect(['lead_group', 'statutory_board']).toContain(kinds.get(owner));
    expect(demo.targets.filter((t) => t.ownerChanges.length > 0).length).toBeGreaterThanOrEqual(1);
  });

  it('has returns from the owning group, one per group and period, bar one corrected return', () => {
    const keys = demo.returns.map((r) => `${r.groupCode}|${r.period.type}|${r.period.start}`);
    expect(keys.length - new Set(keys).size).toBe(1);
    const owning = new Set(demo.targets.flatMap((t) => [t.owningGroupCode, ...t.ownerChanges.map((c) => c.groupCode)]));
    for (const ret of demo.returns) {
      expect(owning).toContain(ret.groupCode);
      expect(ret.receivedOn > ret.period.end).toBe(true);
    }
    // The change of owner shows in who submitted: the earlier and the later owner both sent returns.
    const changed = demo.targets.find((t) => t.ownerChanges.length > 0)!;
    const senders = new Set(
      demo.returns
        .filter((r) => r.rows.some((row) => row.indicatorCode === changed.indicatorCode))
        .map((r) => r.groupCode),
    );
    expect(senders).toEqual(new Set([changed.owningGroupCode, changed.ownerChanges[0]!.groupCode]));
  });

  it('holds 12 quarters of county values for every quarterly indicator, bar the latest of the missing return', () => {
    const values = countyValues(demo);
    const before = demo.returns.find(
      (r) => r.groupCode === 'DISABLED-CHILDREN' && r.period.type === 'quarter' && r.period.end === '2025-06-30',
    )!;
    const missing = new Set(before.rows.map((row) => row.indicatorCode));
    for (const indicator of demo.indicators.filter((i) => i.frequency === 'quarterly')) {
      const observations = values.get(indicator.code)!;
      expect(observations, indicator.code).toHaveLength(missing.has(indicator.code) ? 11 : 12);
      if (!missing.has(indicator.code)) expect(observations.at(-1)!.period).toEqual(LATEST);
    }
    for (const indicator of demo.indicators.filter((i) => i.frequency === 'monthly')) {
      expect(values.get(indicator.code)).toHaveLength(36);
    }
  });

  it('leaves the latest quarter with one late and one missing return', () => {
    const latest = demo.returns.filter((r) => r.period.type === 'quarter' && r.period.start === LATEST.start);
    expect(latest.map((r) => r.groupCode)).not.toContain('DISABLED-CHILDREN');
    const ewmh = latest.find((r) => r.groupCode === 'EWMH')!;
    expect(ewmh.receivedOn).toBe(addWorkingDays(LATEST.end, 10 + 6));
  });

  it('stores numerators and denominators that give the value at the indicator’s decimal places', () => {
    let checked = 0;
    for (const ret of demo.returns) {
      for (const row of ret.rows) {
        const indicator = demo.indicators.find((i) => i.code === row.indicatorCode)!;
        const multiplier = MULTIPLIER[indicator.unit];
        if (row.status === 'suppressed') continue;
        if (multiplier === undefined) {
          expect(row.numerator).toBeNull();
          continue;
        }
        expect(row.denominator).toBeGreaterThan(0);
        expect(Math.abs((row.numerator! / row.denominator!) * multiplier - row.value!)).toBeLessThanOrEqual(
          0.5 * 10 ** -indicator.decimalPlaces + 1e-9,
        );
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(500);
  });

  it('keeps values within each indicator’s plausible range', () => {
    for (const ret of demo.returns) {
      for (const row of ret.rows) {
        if (row.value === null) continue;
        const indicator = demo.indicators.find((i) => i.code === row.indicatorCode)!;
        expect(row.value).toBeGreaterThanOrEqual(indicator.plausibleMin ?? -Infinity);
        expect(row.value).toBeLessThanOrEqual(indicator.plausibleMax ?? Infinity);
      }
    }
  });

  it('reports district values that add up to the county for indicators reported by area', () => {
    const districts = demo.areas.filter((a) => a.kind === 'district').map((a) => a.code);
    for (const indicator of demo.indicators.filter((i) => i.reportedByArea)) {
      for (const ret of demo.returns) {
        const rows = ret.rows.filter((r) => r.indicatorCode === indicator.code);
        if (rows.length === 0) continue;
        const county = rows.find((r) => r.areaCode === DEMO_HOME_AREA_CODE)!;
        const parts = rows.filter((r) => districts.includes(r.areaCode));
        expect(parts.map((r) => r.areaCode).sort()).toEqual([...districts].sort());
        const sum = (pick: (r: DemoValue) => number | null): number =>
          parts.reduce((total, r) => total + (pick(r) ?? 0), 0);
        if (county.numerator === null) expect(sum((r) => r.value)).toBe(county.value);
        else
          expect([sum((r) => r.numerator), sum((r) => r.denominator)]).toEqual([county.numerator, county.denominator]);
      }
    }
  });

  it('returns counts as year-to-date totals that never fall within a financial year', () => {
    const values = countyValues(demo);
    for (const indicator of demo.indicators.filter((i) => i.cumulativeYtd)) {
      const observations = values.get(indicator.code)!;
      for (let i = 1; i < observations.length; i += 1) {
        const [previous, current] = [observations[i - 1]!, observations[i]!];
        if (financialYearOf(previous.period).start === financialYearOf(current.period).start) {
          expect(current.row.value!, `${indicator.code} ${formatPeriod(current.period)}`).toBeGreaterThanOrEqual(
            previous.row.value!,
          );
        }
      }
    }
  });

  it('suppresses a couple of small numbers with a marker and no value', () => {
    const suppressed = demo.returns.flatMap((r) => r.rows).filter((r) => r.status === 'suppressed');
    expect(suppressed.length).toBeGreaterThanOrEqual(2);
    for (const row of suppressed) {
      expect(row).toMatchObject({ value: null, numerator: null, denominator: null });
      expect(['c', 'x', '*', '..', '-', '<5']).toContain(row.suppressionMarker);
    }
  });

  it('has values well above target and values well below it', () => {
    let wellAbove = 0;
    let wellBelow = 0;
    for (const [code, observations] of countyValues(demo)) {
      const indicator = demo.indicators.find((i) => i.code === code)!;
      if (indicator.polarity === 'no_polarity' || indicator.cumulativeYtd) continue;
      const sign = indicator.polarity === 'higher_is_better' ? 1 : -1;
      for (const { period, row } of observations) {
        const target = demo.targets.find(
          (t) => t.indicatorCode === code && t.period.type !== 'quarter' && contains(t.period, period),
        );
        if (!target || row.value === null) continue;
        const { value, tolerance, exceptional } = currentVersion(target);
        const width = (band: DemoTarget['tolerance']): number =>
          band.kind === 'absolute' ? band.amount : band.amount * value!;
        const gap = sign * (row.value - value!);
        if (gap >= width(exceptional)) wellAbove += 1;
        if (gap < -width(tolerance)) wellBelow += 1;
      }
    }
    expect(wellAbove).toBeGreaterThanOrEqual(10);
    expect(wellBelow).toBeGreaterThanOrEqual(10);
  });

  it('has a sustained run: eight or more quarters in a row on one side of an indicator’s mean', () => {
    const longestRuns = [...countyValues(demo)]
      .filter(([code]) => demo.indicators.find((i) => i.code === code)!.frequency === 'quarterly')
      .map(([, observations]) => {
        const values = observations.map((o) => o.row.value).filter((v): v is number => v !== null);
        const mean = values.reduce((a, b) => a + b, 0) / values.length;
        let longest = 0;
        let run = 0;
        let side = 0;
        for (const v of values) {
          const s = Math.sign(v - mean);
          run = s !== 0 && s === side ? run + 1 : 1;
          side = s;
          longest = Math.max(longest, run);
        }
        return longest;
      });
    expect(Math.max(...longestRuns)).toBeGreaterThanOrEqual(8);
  });

  it('has a demo user for each role and a data officer for each owning group', () => {
    expect(demo.users.filter((u) => u.role !== 'data_officer').map((u) => [u.email, u.role])).toEqual([
      ['admin@demo.cypp.local', 'admin'],
      ['executive@demo.cypp.local', 'executive_member'],
      ['board@demo.cypp.local', 'board_member'],
      ['hwb@demo.cypp.local', 'hwb_member'],
      ['viewer@demo.cypp.local', 'viewer'],
    ]);
    const officers = demo.users.filter((u) => u.role === 'data_officer');
    expect(officers).toContainEqual(
      expect.objectContaining({ email: 'do.birth-to-five@demo.cypp.local', groupCodes: ['BIRTH-TO-FIVE'] }),
    );
    const owning = new Set(demo.targets.map((t) => t.owningGroupCode));
    for (const code of owning) expect(officers.some((u) => u.groupCodes.includes(code))).toBe(true);
  });
});

describe(latestCompleteQuarter.name, () => {
  it('is the quarter before the one today falls in', () => {
    expect(latestCompleteQuarter('2026-11-25')).toEqual(quarter(2026, 2));
    expect(latestCompleteQuarter('2026-10-01')).toEqual(quarter(2026, 2));
    expect(latestCompleteQuarter('2026-09-30')).toEqual(quarter(2026, 1));
    expect(latestCompleteQuarter('2026-04-01')).toEqual(nextPeriod(quarter(2025, 3)));
  });
});
