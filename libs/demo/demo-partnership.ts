import { type Frequency, type Unit } from '../catalogue/index.js';
import {
  academicYear,
  addWorkingDays,
  financialYear,
  financialYearOf,
  formatPeriod,
  type IsoDate,
  type Period,
  periodContaining,
  periodParts,
  previousPeriod,
  quarter,
  quartersOf,
} from '../periods/index.js';
import { type ValueStatus } from '../returns/index.js';
import {
  AREAS,
  DISABLED,
  DISTRICTS,
  EWMH,
  GROUPS,
  INDICATORS,
  type IndicatorSpec,
  LSCP,
  OWNER_CHANGES,
  PRIORITIES,
  REVISIONS,
  round,
  SUPPRESSED,
} from './demo-data.js';
import {
  DEMO_EMAIL_DOMAIN,
  DEMO_HISTORY_QUARTERS,
  DEMO_HOME_AREA_CODE,
  type DemoBand,
  type DemoIndicator,
  type DemoPartnership,
  type DemoPartnershipOptions,
  type DemoPlan,
  type DemoReturn,
  type DemoTarget,
  type DemoTargetValues,
  type DemoUser,
  type DemoValue,
} from './demo-types.js';
import { SeededRandom } from './seeded-random.js';

/**
 * A deterministic demo partnership modelled on the governance papers in shared/seeds: a county
 * Children and Young People's Strategic Partnership reporting to the Health and Wellbeing Board
 * (lincolnshire 12), an Executive with age-related and cross-cutting lead groups and locality
 * partnerships (leicestershire), statutory boards (LSCB, YOS), a CYPP whose priorities are the five
 * Every Child Matters outcomes each with an accountable board member (cumbria, appendix 1), and three
 * years of quarterly returns. Pure data: the output is a function of `latestQuarter` alone.
 */

// ---------------------------------------------------------------------------------------------
// Generation

const MULTIPLIER: Readonly<Record<Unit, number | null>> = {
  percentage: 100,
  rate_per_1000: 1_000,
  rate_per_10000: 10_000,
  rate_per_100000: 100_000,
  count: null,
  days: null,
  score: null,
};

const EXECUTIVE = 'CYP Executive';

export function buildDemoPartnership(options: DemoPartnershipOptions): DemoPartnership {
  const latestQuarter = options.latestQuarter;
  if (latestQuarter.type !== 'quarter') {
    throw new RangeError(`the demo history ends with a quarter, not a ${latestQuarter.type}`);
  }
  periodParts(latestQuarter);
  const windows = historyWindows(latestQuarter);
  const latestFy = startYear(financialYearOf(latestQuarter));
  const plan: DemoPlan = {
    code: `CYPP-${latestFy - 1}-${pad2((latestFy + 2) % 100)}`,
    title: `Lincolnshire Children and Young People's Plan ${latestFy - 1}-${pad2((latestFy + 2) % 100)}`,
    startYear: latestFy - 1,
    endYear: latestFy + 1,
  };

  const targets: DemoTarget[] = [];
  const series: IndicatorSeries[] = [];
  for (const spec of INDICATORS) {
    const history = windows[spec.frequency];
    const indicatorTargets = buildTargets(spec, windows, plan);
    targets.push(...indicatorTargets);
    series.push({ spec, history, targets: indicatorTargets, values: buildValues(spec, history) });
  }

  return {
    latestQuarter,
    plan,
    priorities: PRIORITIES.map((p) => ({ ...p })),
    areas: AREAS.map((a) => ({ ...a })),
    groups: GROUPS.map((g) => ({ ...g })),
    indicators: INDICATORS.map(toIndicator),
    targets,
    returns: buildReturns(series),
    users: buildUsers(),
  };
}

/** The latest financial quarter that has ended on or before `today`. */
export function latestCompleteQuarter(today: IsoDate): Period {
  return previousPeriod(periodContaining('quarter', today));
}

export function demoEmail(localPart: string): string {
  return `${localPart.toLowerCase()}@${DEMO_EMAIL_DOMAIN}`;
}

function toIndicator(spec: IndicatorSpec): DemoIndicator {
  return {
    code: spec.code,
    title: spec.title,
    definition: spec.definition,
    unit: spec.unit,
    decimalPlaces: spec.decimalPlaces ?? 1,
    polarity: spec.polarity,
    frequency: spec.frequency,
    rollUp: spec.rollUp,
    cumulativeYtd: spec.cumulativeYtd ?? false,
    reportedByArea: spec.reportedByArea ?? false,
    priorityCode: spec.priorityCode,
    dataSource: spec.dataSource,
    plausibleMin: spec.plausibleMin ?? null,
    plausibleMax: spec.plausibleMax ?? null,
  };
}

interface Windows extends Record<Frequency, Period[]> {
  /** Financial years that have targets: from the first year of the history to the plan's end. */
  targetYears: number[];
}

function historyWindows(latestQuarter: Period): Windows {
  const quarters = lastN(latestQuarter, DEMO_HISTORY_QUARTERS);
  const months = lastN(periodContaining('month', latestQuarter.end), DEMO_HISTORY_QUARTERS * 3);
  const latestFy = financialYearOf(latestQuarter);
  const lastCompleteFy = latestFy.end === latestQuarter.end ? latestFy : previousPeriod(latestFy);
  const lastAy = periodContaining('academic_year', latestQuarter.end);
  const lastCompleteAy = lastAy.end === latestQuarter.end ? lastAy : previousPeriod(lastAy);
  const firstFy = startYear(financialYearOf(quarters[0]!));
  const targetYears: number[] = [];
  for (let year = firstFy; year <= startYear(latestFy) + 1; year += 1) targetYears.push(year);
  return {
    quarterly: quarters,
    monthly: months,
    annual: lastN(lastCompleteFy, DEMO_HISTORY_QUARTERS / 4),
    academic_year: lastN(lastCompleteAy, DEMO_HISTORY_QUARTERS / 4),
    targetYears,
  };
}

function lastN(latest: Period, n: number): Period[] {
  const periods = [latest];
  while (periods.length < n) periods.unshift(previousPeriod(periods[0]!));
  return periods;
}

function startYear(period: Period): number {
  return Number(period.start.slice(0, 4));
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** Half away from zero at `dp` places, free of binary noise (1.005 → 1.01). */

function direction(spec: IndicatorSpec): 1 | -1 {
  return spec.polarity === 'lower_is_better' ? -1 : 1;
}

function clampToPlausible(spec: IndicatorSpec, x: number): number {
  return Math.min(spec.plausibleMax ?? Infinity, Math.max(spec.plausibleMin ?? -Infinity, x));
}

// --- Targets -----------------------------------------------------------------------------------

function buildTargets(spec: IndicatorSpec, windows: Windows, plan: DemoPlan): DemoTarget[] {
  const dp = spec.decimalPlaces ?? 1;
  const history = windows[spec.frequency];
  const academic = spec.frequency === 'academic_year';
  const firstHistoryYear = startYear(academic ? history[0]! : financialYearOf(history[0]!));
  const years = academic
    ? [...history.map(startYear), startYear(history[history.length - 1]!) + 1]
    : windows.targetYears;
  const ownerChange = OWNER_CHANGES[spec.code];
  // The change happens in the history's second financial year, from its third quarter.
  const changeYear = windows.targetYears[1]!;
  const revision = REVISIONS[spec.code];

  const targets: DemoTarget[] = [];
  for (const year of years) {
    const period = academic ? academicYear(year) : financialYear(year);
    const y = year - firstHistoryYear;
    const values: DemoTargetValues = {
      ...targetValue(spec, y, dp),
      tolerance: { ...spec.tolerance },
      exceptional: { ...spec.exceptional },
      // The Executive sets targets at the annual refresh; the Partnership agrees them with a new plan.
      agreedBy: year === plan.startYear && !academic ? "Children and Young People's Strategic Partnership" : EXECUTIVE,
      agreedOn: academic ? `${year}-07-10` : `${year}-03-14`,
    };
    const owningGroupCode = ownerChange && year > changeYear ? ownerChange.groupCode : spec.owner;
    const target: DemoTarget = {
      indicatorCode: spec.code,
      period,
      owningGroupCode,
      ...values,
      revisions: [],
      ownerChanges:
        ownerChange && year === changeYear
          ? [{ groupCode: ownerChange.groupCode, reason: ownerChange.reason, effectiveFrom: quarter(year, 3) }]
          : [],
    };
    if (revision && year === startYear(financialYearOf(windows.quarterly.at(-1)!)) - revision.yearFromEnd + 1) {
      target.revisions.push({
        ...values,
        ...revision.change(values),
        reason: revision.reason,
        agreedBy: EXECUTIVE,
        agreedOn: `${year}-06-18`,
      });
    }
    targets.push(target);
    if (spec.quarterlyTargets) {
      for (const q of quartersOf(period)) {
        const position = Number(formatPeriod(q).slice(-1));
        targets.push({
          ...target,
          period: q,
          value: round(((target.value ?? 0) * position) / 4, dp),
          revisions: [],
          ownerChanges: [],
        });
      }
    }
  }
  return targets;
}

function targetValue(
  spec: IndicatorSpec,
  y: number,
  dp: number,
): Pick<DemoTargetValues, 'value' | 'rangeLow' | 'rangeHigh'> {
  if (spec.range) return { value: null, rangeLow: spec.range[0], rangeHigh: spec.range[1] };
  const raw = (spec.target ?? spec.base) + direction(spec) * (spec.targetStep ?? 0) * y;
  return { value: round(clampToPlausible(spec, raw), dp), rangeLow: null, rangeHigh: null };
}

// --- Values ------------------------------------------------------------------------------------

interface IndicatorSeries {
  spec: IndicatorSpec;
  history: Period[];
  targets: DemoTarget[];
  /** Per history period: the county's value, then each district's where reported by area. */
  values: DemoValue[][];
}

const PERIODS_PER_YEAR: Readonly<Record<Frequency, number>> = {
  monthly: 12,
  quarterly: 4,
  annual: 1,
  academic_year: 1,
};

function levelAt(spec: IndicatorSpec, index: number, period: Period): number {
  const years = index / PERIODS_PER_YEAR[spec.frequency];
  const dir = direction(spec);
  const { scenario } = spec;
  let level = spec.base;
  if (scenario.kind === 'trend') level += dir * scenario.perYear * years;
  if (scenario.kind === 'shift' && index >= scenario.at) level += dir * scenario.by;
  if (scenario.kind === 'spike' && index === scenario.at) level += dir * scenario.by;
  if (spec.seasonal && period.type === 'month') level += spec.seasonal[Number(period.start.slice(5, 7))] ?? 0;
  return level;
}

/** District weights for a county figure: population share, tilted by need in the indicator's bad direction. */
function districtWeights(spec: IndicatorSpec): number[] {
  const tilt = spec.polarity === 'higher_is_better' && spec.unit !== 'count' ? -0.6 : 0.6;
  const raw = DISTRICTS.map((d) => 1 + (d.need - 1) * tilt);
  return raw;
}

function buildValues(spec: IndicatorSpec, history: Period[]): DemoValue[][] {
  const random = new SeededRandom(`demo:${spec.code}`);
  const dp = spec.decimalPlaces ?? 1;
  const multiplier = MULTIPLIER[spec.unit];
  const byArea = spec.reportedByArea ?? false;
  const suppressed = SUPPRESSED[spec.code] ?? [];
  const tilt = districtWeights(spec);

  if (spec.cumulativeYtd) return buildCumulativeValues(spec, history, random, byArea, tilt);

  return history.map((period, index) => {
    const level = clampToPlausible(spec, levelAt(spec, index, period) + spec.noise * random.normal());
    const rows: DemoValue[] = [];
    if (multiplier === null) {
      rows.push(row(spec, DEMO_HOME_AREA_CODE, round(level, dp), null, null));
      return rows;
    }
    // Denominators grow slowly (about 1% a year), as child populations and cohorts do.
    const denominator = Math.round(
      (spec.denominator ?? 1000) * (1 + (0.01 * index) / PERIODS_PER_YEAR[spec.frequency]),
    );
    if (!byArea) {
      const numerator = Math.round((level * denominator) / multiplier);
      const hidden = suppressed.find((s) => s.index === index);
      if (hidden) {
        rows.push({
          ...row(spec, DEMO_HOME_AREA_CODE, null, null, null),
          status: 'suppressed',
          suppressionMarker: hidden.marker,
        });
      } else {
        rows.push(
          row(spec, DEMO_HOME_AREA_CODE, ratio(numerator, denominator, multiplier, dp), numerator, denominator),
        );
      }
      return rows;
    }
    // By area: districts' numerators and denominators add up to the county's.
    const denominators = apportion(
      denominator,
      DISTRICTS.map((d) => d.share),
    );
    const districtRows = DISTRICTS.map((d, i) => {
      const districtLevel = clampToPlausible(
        spec,
        level * tilt[i]! + (spec.noise / Math.sqrt(d.share)) * 0.5 * random.normal(),
      );
      const numerator = Math.round((districtLevel * denominators[i]!) / multiplier);
      return row(spec, d.code, ratio(numerator, denominators[i]!, multiplier, dp), numerator, denominators[i]!);
    });
    const numerator = districtRows.reduce((sum, r) => sum + (r.numerator ?? 0), 0);
    rows.push(
      row(spec, DEMO_HOME_AREA_CODE, ratio(numerator, denominator, multiplier, dp), numerator, denominator),
      ...districtRows,
    );
    return rows;
  });
}

/**
 * Counts returned as year-to-date totals: each quarter's own count is generated (from the start of
 * the first year, so the first returned quarter's total includes earlier quarters) and summed within
 * the financial year.
 */
function buildCumulativeValues(
  spec: IndicatorSpec,
  history: Period[],
  random: SeededRandom,
  byArea: boolean,
  tilt: number[],
): DemoValue[][] {
  const first = history[0]!;
  const lead: Period[] = [];
  for (let p = first; positionInYear(p) > 1;) {
    p = previousPeriod(p);
    lead.unshift(p);
  }
  const all = [...lead, ...history];
  const weights = DISTRICTS.map((d, i) => d.share * tilt[i]!);
  let county = 0;
  let districts = DISTRICTS.map(() => 0);
  const out: DemoValue[][] = [];
  all.forEach((period, i) => {
    const index = i - lead.length;
    if (positionInYear(period) === 1) {
      county = 0;
      districts = DISTRICTS.map(() => 0);
    }
    const count = Math.max(0, Math.round(levelAt(spec, index, period) + spec.noise * random.normal()));
    county += count;
    if (byArea) {
      const split = apportion(count, weights);
      districts = districts.map((total, d) => total + split[d]!);
    }
    if (index < 0) return;
    const rows = [row(spec, DEMO_HOME_AREA_CODE, county, null, null)];
    if (byArea) rows.push(...DISTRICTS.map((d, k) => row(spec, d.code, districts[k]!, null, null)));
    out.push(rows);
  });
  return out;
}

function positionInYear(period: Period): number {
  return Number(formatPeriod(period).slice(-1));
}

function ratio(numerator: number, denominator: number, multiplier: number, dp: number): number {
  return round((numerator / denominator) * multiplier, dp);
}

/** Splits a whole number in proportion to weights, largest remainders first, so the parts add up exactly. */
function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, rest: x - Math.floor(x) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    parts[i]! += 1;
    left -= 1;
  }
  return parts;
}

function row(
  spec: IndicatorSpec,
  areaCode: string,
  value: number | null,
  numerator: number | null,
  denominator: number | null,
): DemoValue {
  return {
    indicatorCode: spec.code,
    areaCode,
    value,
    numerator,
    denominator,
    status: 'actual',
    suppressionMarker: null,
    commentary: null,
  };
}

// --- Returns -----------------------------------------------------------------------------------

const OFF_TARGET_COMMENTS = [
  'Below target. The group has agreed a recovery plan with the Executive and will report progress next quarter.',
  'Off target. Demand rose this quarter; partners are reviewing capacity and thresholds.',
  'Off target. A deep dive has been commissioned and will go to the next Executive meeting.',
  'Below target after staffing vacancies in the service; recruitment is under way.',
];
const WELL_ABOVE_COMMENTS = [
  'Well above target. The new pathway is working; learning shared with the locality partnerships.',
  'Well above target, sustained over several quarters. The group proposes a more stretching target at the refresh.',
  'Well above target following the joint workforce training programme.',
];
const OUT_OF_RANGE_COMMENTS = [
  'Outside the expected range. Audit of recent cases found thresholds applied correctly; being monitored.',
  'Outside the expected range; the group has asked for an analysis by district for the next meeting.',
];

function buildReturns(series: IndicatorSeries[]): DemoReturn[] {
  const random = new SeededRandom('demo:returns');
  const groupDueDays = new Map(GROUPS.map((g) => [g.code, g.returnsDueWorkingDays]));
  const byKey = new Map<string, DemoReturn>();
  for (const { spec, history, targets, values } of series) {
    history.forEach((period, index) => {
      const owner = ownerFor(spec, targets, period);
      const key = `${period.type}:${period.start}:${owner}`;
      let ret = byKey.get(key);
      if (!ret) {
        ret = { groupCode: owner, period, fileName: returnFileName(owner, period), receivedOn: period.end, rows: [] };
        byKey.set(key, ret);
      }
      const latest = index === history.length - 1;
      for (const value of values[index]!) {
        const status: ValueStatus =
          value.status === 'suppressed' ? 'suppressed' : latest && spec.latestProvisional ? 'provisional' : 'actual';
        const commentary =
          value.areaCode === DEMO_HOME_AREA_CODE ? commentFor(spec, targets, period, value.value, random) : null;
        ret.rows.push({ ...value, status, commentary });
      }
    });
  }
  const returns = [...byKey.values()].sort(
    (a, b) =>
      a.period.end.localeCompare(b.period.end) ||
      a.period.type.localeCompare(b.period.type) ||
      a.groupCode.localeCompare(b.groupCode),
  );
  for (const ret of returns) {
    const due = groupDueDays.get(ret.groupCode) ?? 10;
    // Most returns arrive before the deadline; about one in twelve is a few days late.
    const late = random.next() < 0.08;
    ret.receivedOn = addWorkingDays(ret.period.end, late ? due + random.integer(1, 5) : random.integer(3, due));
  }
  return withLatestQuarterGaps(withOneCorrection(returns, series));
}

/**
 * So the completeness figures are not all green (issue 14): in the latest quarter, Emotional Wellbeing's
 * return arrives 6 working days after its deadline, and Disabled Children's never does.
 */
function withLatestQuarterGaps(returns: DemoReturn[]): DemoReturn[] {
  const latest = returns
    .filter((r) => r.period.type === 'quarter')
    .reduce((a, b) => (b.period.end > a.period.end ? b : a)).period;
  const inLatest = (r: DemoReturn, group: string) =>
    r.groupCode === group && r.period.type === 'quarter' && r.period.start === latest.start;
  const due = GROUPS.find((g) => g.code === EWMH)!.returnsDueWorkingDays;
  for (const ret of returns) if (inLatest(ret, EWMH)) ret.receivedOn = addWorkingDays(ret.period.end, due + 6);
  return returns.filter((r) => !inLatest(r, DISABLED));
}

function ownerFor(spec: IndicatorSpec, targets: DemoTarget[], period: Period): string {
  const year = targets.find(
    (t) => t.period.type !== 'quarter' && t.period.start <= period.start && period.end <= t.period.end,
  );
  if (!year) return spec.owner;
  const change = year.ownerChanges.filter((c) => c.effectiveFrom.start <= period.start).at(-1);
  return change?.groupCode ?? year.owningGroupCode;
}

/** The target a value is judged against: its own quarter's if set, else its year's (not for part-year totals). */
function targetFor(spec: IndicatorSpec, targets: DemoTarget[], period: Period): DemoTargetValues | null {
  const own = targets.find((t) => t.period.type === period.type && t.period.start === period.start);
  const chosen =
    own ??
    (spec.cumulativeYtd && positionInYear(period) !== 4
      ? undefined
      : targets.find(
          (t) => t.period.type !== 'quarter' && t.period.start <= period.start && period.end <= t.period.end,
        ));
  if (!chosen) return null;
  return chosen.revisions.at(-1) ?? chosen;
}

function commentFor(
  spec: IndicatorSpec,
  targets: DemoTarget[],
  period: Period,
  value: number | null,
  random: SeededRandom,
): string | null {
  const target = targetFor(spec, targets, period);
  if (value === null || !target) return null;
  if (target.value === null) {
    const outside =
      value < (target.rangeLow ?? -Infinity) - target.tolerance.amount ||
      value > (target.rangeHigh ?? Infinity) + target.tolerance.amount;
    return outside ? random.pick(OUT_OF_RANGE_COMMENTS) : null;
  }
  const dir = direction(spec);
  const gap = dir * (value - target.value);
  const width = (band: DemoBand): number =>
    band.kind === 'absolute' ? band.amount : band.amount * Math.abs(target.value ?? 0);
  if (gap < -width(target.tolerance)) return random.pick(OFF_TARGET_COMMENTS);
  if (gap >= width(target.exceptional) && width(target.exceptional) > 0) return random.pick(WELL_ABOVE_COMMENTS);
  return null;
}

function returnFileName(groupCode: string, period: Period): string {
  return `${groupCode} return ${formatPeriod(period).replace(/\//g, '-')}.xlsx`;
}

/**
 * The safeguarding partnership's return two quarters back first carried last quarter's re-referral
 * figure by mistake; a corrected return followed two working days later and supersedes it.
 */
function withOneCorrection(returns: DemoReturn[], series: IndicatorSeries[]): DemoReturn[] {
  const quarters = series.find((s) => s.spec.frequency === 'quarterly')!.history;
  const period = quarters[quarters.length - 3]!;
  const previous = quarters[quarters.length - 4]!;
  const corrected = returns.find(
    (r) => r.groupCode === LSCP && r.period.start === period.start && r.period.type === 'quarter',
  );
  const earlier = returns.find(
    (r) => r.groupCode === LSCP && r.period.start === previous.start && r.period.type === 'quarter',
  );
  if (!corrected || !earlier) return returns;
  const copied = earlier.rows.find((r) => r.indicatorCode === 'SAF-REREF');
  const mistaken: DemoReturn = {
    ...corrected,
    rows: corrected.rows.map((r) => (r.indicatorCode === 'SAF-REREF' && copied ? { ...copied, commentary: null } : r)),
  };
  const fixed: DemoReturn = {
    ...corrected,
    fileName: corrected.fileName.replace('.xlsx', ' (corrected).xlsx'),
    receivedOn: addWorkingDays(corrected.receivedOn, 2),
  };
  return returns.flatMap((r) => (r === corrected ? [mistaken, fixed] : [r]));
}

// --- Users -------------------------------------------------------------------------------------

function buildUsers(): DemoUser[] {
  const people: DemoUser[] = [
    { email: demoEmail('admin'), displayName: 'Performance Lead (demo)', role: 'admin', groupCodes: [] },
    {
      email: demoEmail('executive'),
      displayName: 'CYP Executive member (demo)',
      role: 'executive_member',
      groupCodes: [],
    },
    {
      email: demoEmail('board'),
      displayName: 'Strategic Partnership board member (demo)',
      role: 'board_member',
      groupCodes: [],
    },
    {
      email: demoEmail('hwb'),
      displayName: 'Health and Wellbeing Board member (demo)',
      role: 'hwb_member',
      groupCodes: [],
    },
    { email: demoEmail('viewer'), displayName: 'Partnership viewer (demo)', role: 'viewer', groupCodes: [] },
  ];
  const owners = new Set(
    INDICATORS.flatMap((spec) => [
      spec.owner,
      ...(OWNER_CHANGES[spec.code] ? [OWNER_CHANGES[spec.code]!.groupCode] : []),
    ]),
  );
  for (const group of GROUPS) {
    if (!owners.has(group.code)) continue;
    people.push({
      email: demoEmail(`do.${group.code}`),
      displayName: `Data officer, ${group.name} (demo)`,
      role: 'data_officer',
      groupCodes: [group.code],
    });
  }
  return people;
}

export * from './demo-types.js';
