import type { Role } from '../access/index.js';
import type { AreaKind, BandKind, Frequency, GroupKind, IndicatorPolarity, RollUp, Unit } from '../catalogue/index.js';
import {
  academicYear,
  addWorkingDays,
  financialYear,
  financialYearOf,
  formatPeriod,
  type IsoDate,
  periodContaining,
  periodParts,
  previousPeriod,
  quarter,
  quartersOf,
  type Period,
} from '../periods/index.js';
import type { ValueStatus } from '../returns/index.js';
import { SeededRandom } from './seeded-random.js';

/**
 * A deterministic demo partnership modelled on the governance papers in shared/seeds: a county
 * Children and Young People's Strategic Partnership reporting to the Health and Wellbeing Board
 * (lincolnshire 12), an Executive with age-related and cross-cutting lead groups and locality
 * partnerships (leicestershire), statutory boards (LSCB, YOS), a CYPP whose priorities are the five
 * Every Child Matters outcomes each with an accountable board member (cumbria, appendix 1), and three
 * years of quarterly returns. Pure data: the output is a function of `latestQuarter` alone.
 */

export const DEMO_EMAIL_DOMAIN = 'demo.cypp.local';
export const DEMO_HOME_AREA_CODE = 'E10000019';
/** The partnership board's code: its presence means the demo has been seeded. */
export const DEMO_BOARD_GROUP_CODE = 'CYPSP';
export const DEMO_HISTORY_QUARTERS = 12;

export interface DemoBand {
  kind: BandKind;
  amount: number;
}

export interface DemoPlan {
  code: string;
  title: string;
  startYear: number;
  endYear: number;
}

export interface DemoPriority {
  code: string;
  title: string;
  description: string;
  accountableMember: string;
  displayOrder: number;
}

export interface DemoArea {
  code: string;
  name: string;
  kind: AreaKind;
  parentCode: string | null;
  isHome: boolean;
  isStatisticalNeighbour: boolean;
}

export interface DemoGroup {
  code: string;
  name: string;
  kind: GroupKind;
  /** Listed after its parent, so groups can be created in order. */
  parentCode: string | null;
  returnsDueWorkingDays: number;
}

export interface DemoIndicator {
  code: string;
  title: string;
  definition: string;
  unit: Unit;
  decimalPlaces: number;
  polarity: IndicatorPolarity;
  frequency: Frequency;
  rollUp: RollUp;
  cumulativeYtd: boolean;
  reportedByArea: boolean;
  priorityCode: string;
  dataSource: string;
  plausibleMin: number | null;
  plausibleMax: number | null;
}

export interface DemoTargetValues {
  value: number | null;
  rangeLow: number | null;
  rangeHigh: number | null;
  tolerance: DemoBand;
  exceptional: DemoBand;
  agreedBy: string;
  agreedOn: IsoDate;
}

/** A later, in-year version of an agreed target. */
export interface DemoTargetRevision extends DemoTargetValues {
  reason: string;
}

/** Lead responsibility moved to another group; it submits returns from `effectiveFrom` on. */
export interface DemoOwnerChange {
  groupCode: string;
  reason: string;
  effectiveFrom: Period;
}

export interface DemoTarget extends DemoTargetValues {
  indicatorCode: string;
  period: Period;
  owningGroupCode: string;
  revisions: DemoTargetRevision[];
  ownerChanges: DemoOwnerChange[];
}

export interface DemoValue {
  indicatorCode: string;
  areaCode: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  status: ValueStatus;
  suppressionMarker: string | null;
  commentary: string | null;
}

export interface DemoReturn {
  groupCode: string;
  period: Period;
  fileName: string;
  receivedOn: IsoDate;
  rows: DemoValue[];
}

export interface DemoUser {
  email: string;
  displayName: string;
  role: Role;
  groupCodes: string[];
}

export interface DemoPartnership {
  latestQuarter: Period;
  plan: DemoPlan;
  priorities: DemoPriority[];
  areas: DemoArea[];
  groups: DemoGroup[];
  indicators: DemoIndicator[];
  targets: DemoTarget[];
  /** In the order they were received; a later return for the same group and period supersedes. */
  returns: DemoReturn[];
  users: DemoUser[];
}

export interface DemoPartnershipOptions {
  /** The last quarter with returns; history runs for the 12 quarters ending with it. */
  latestQuarter: Period;
}

// ---------------------------------------------------------------------------------------------
// Structure

const PRIORITIES: readonly DemoPriority[] = [
  {
    code: 'P1',
    title: 'Be healthy',
    description: 'Children and young people are physically, emotionally and sexually healthy and make healthy choices.',
    accountableMember: 'Director of Public Health',
    displayOrder: 1,
  },
  {
    code: 'P2',
    title: 'Stay safe',
    description: 'Children and young people are safe from maltreatment, neglect, violence, accidents and crime.',
    accountableMember: "Director of Children's Services",
    displayOrder: 2,
  },
  {
    code: 'P3',
    title: 'Enjoy and achieve',
    description: 'Children are ready for school, attend and enjoy school, and achieve well at every stage.',
    accountableMember: 'Secondary Head Teacher representative, Schools Forum',
    displayOrder: 3,
  },
  {
    code: 'P4',
    title: 'Make a positive contribution',
    description: 'Young people take part in decisions, behave positively and stay out of the youth justice system.',
    accountableMember: 'Chief Superintendent, Lincolnshire Police',
    displayOrder: 4,
  },
  {
    code: 'P5',
    title: 'Achieve economic well-being',
    description: 'Young people and care leavers move into education, training and work, and families escape poverty.',
    accountableMember: 'Head of Economic Development, Lincolnshire County Council',
    displayOrder: 5,
  },
];

interface District {
  code: string;
  name: string;
  /** Share of the county's children (0–17), mid-year estimates rounded. */
  share: number;
  /** Relative need (deprivation): above 1 means outcomes tend to be worse. */
  need: number;
}

const DISTRICTS: readonly District[] = [
  { code: 'E07000136', name: 'Boston', share: 0.092, need: 1.15 },
  { code: 'E07000137', name: 'East Lindsey', share: 0.165, need: 1.15 },
  { code: 'E07000138', name: 'Lincoln', share: 0.135, need: 1.25 },
  { code: 'E07000139', name: 'North Kesteven', share: 0.155, need: 0.8 },
  { code: 'E07000140', name: 'South Holland', share: 0.12, need: 0.95 },
  { code: 'E07000141', name: 'South Kesteven', share: 0.19, need: 0.85 },
  { code: 'E07000142', name: 'West Lindsey', share: 0.143, need: 0.95 },
];

const AREAS: readonly DemoArea[] = [
  area('E92000001', 'England', 'country', null),
  area('E12000004', 'East Midlands', 'region', 'E92000001'),
  { ...area(DEMO_HOME_AREA_CODE, 'Lincolnshire', 'local_authority', 'E12000004'), isHome: true },
  ...DISTRICTS.map((d) => area(d.code, d.name, 'district', DEMO_HOME_AREA_CODE)),
  // Statistical neighbours: shire counties of similar size, rurality and deprivation.
  neighbour('E10000020', 'Norfolk', 'E12000006'),
  neighbour('E10000029', 'Suffolk', 'E12000006'),
  neighbour('E10000024', 'Nottinghamshire', 'E12000004'),
  neighbour('E10000007', 'Derbyshire', 'E12000004'),
  neighbour('E10000008', 'Devon', 'E12000009'),
  neighbour('E10000028', 'Staffordshire', 'E12000005'),
];

function area(code: string, name: string, kind: AreaKind, parentCode: string | null): DemoArea {
  return { code, name, kind, parentCode, isHome: false, isStatisticalNeighbour: false };
}

function neighbour(code: string, name: string, regionCode: string): DemoArea {
  return { ...area(code, name, 'local_authority', regionCode), isStatisticalNeighbour: true };
}

const BIRTH_TO_FIVE = 'BIRTH-TO-FIVE';
const FIVE_TO_13 = 'FIVE-TO-13';
const THIRTEEN_TO_19 = '13-TO-19';
const DISABLED = 'DISABLED-CHILDREN';
const CORPORATE_PARENTING = 'CORPORATE-PARENTING';
const EWMH = 'EWMH';
const LSCP = 'LSCP';
const YOS = 'YOS';

const GROUPS: readonly DemoGroup[] = [
  {
    code: 'HWB',
    name: 'Lincolnshire Health and Wellbeing Board',
    kind: 'hwb',
    parentCode: null,
    returnsDueWorkingDays: 20,
  },
  {
    code: DEMO_BOARD_GROUP_CODE,
    name: "Children and Young People's Strategic Partnership",
    kind: 'partnership_board',
    parentCode: 'HWB',
    returnsDueWorkingDays: 15,
  },
  {
    code: 'CYP-EXEC',
    name: 'CYP Executive',
    kind: 'executive',
    parentCode: DEMO_BOARD_GROUP_CODE,
    returnsDueWorkingDays: 10,
  },
  lead(BIRTH_TO_FIVE, 'Birth to Five Group'),
  lead(FIVE_TO_13, 'Five to 13 Group'),
  lead(THIRTEEN_TO_19, '13 to 19 Group'),
  lead(DISABLED, "Disabled Children's Group"),
  lead(CORPORATE_PARENTING, 'Corporate Parenting Group'),
  lead(EWMH, 'Emotional Wellbeing and Mental Health Group'),
  ...DISTRICTS.map((d) => ({
    code: `LOC-${d.name.toUpperCase().replace(/ /g, '-')}`,
    name: `${d.name} Locality Partnership`,
    kind: 'locality_partnership' as const,
    parentCode: 'CYP-EXEC',
    returnsDueWorkingDays: 15,
  })),
  {
    code: LSCP,
    name: 'Lincolnshire Safeguarding Children Partnership',
    kind: 'statutory_board',
    parentCode: DEMO_BOARD_GROUP_CODE,
    returnsDueWorkingDays: 15,
  },
  {
    code: YOS,
    name: 'Youth Offending Service Management Board',
    kind: 'statutory_board',
    parentCode: DEMO_BOARD_GROUP_CODE,
    // Youth justice data comes through the YJB's quarterly extract, which lands later.
    returnsDueWorkingDays: 20,
  },
];

function lead(code: string, name: string): DemoGroup {
  return { code, name, kind: 'lead_group', parentCode: 'CYP-EXEC', returnsDueWorkingDays: 10 };
}

// ---------------------------------------------------------------------------------------------
// Indicators and how their history behaves

type Scenario =
  | { kind: 'steady' }
  /** Moves this much a year; positive is better (with polarity), or upwards for no polarity. */
  | { kind: 'trend'; perYear: number }
  /** A lasting step change from index `at` of the history on (a sustained run for SPC). */
  | { kind: 'shift'; at: number; by: number }
  /** One point far from the rest (an SPC point beyond the limits). */
  | { kind: 'spike'; at: number; by: number };

interface IndicatorSpec extends Omit<
  DemoIndicator,
  'decimalPlaces' | 'cumulativeYtd' | 'reportedByArea' | 'plausibleMin' | 'plausibleMax'
> {
  decimalPlaces?: number;
  cumulativeYtd?: boolean;
  reportedByArea?: boolean;
  plausibleMin?: number;
  plausibleMax?: number;
  owner: string;
  /** The value at the start of the history (for cumulative counts: one quarter's count). */
  base: number;
  /** For rates and percentages: the county's denominator per period. */
  denominator?: number;
  /** Standard deviation of the period-to-period noise, in the indicator's units. */
  noise: number;
  scenario: Scenario;
  /** First year's target; each later year moves `targetStep` in the better direction. */
  target?: number;
  targetStep?: number;
  /** No-polarity indicators have an in-range target instead. */
  range?: [number, number];
  tolerance: DemoBand;
  exceptional: DemoBand;
  /** Cumulative counts also get a year-to-date target for each quarter. */
  quarterlyTargets?: boolean;
  /** Values in the latest period are provisional (e.g. rolling figures awaiting the national refresh). */
  latestProvisional?: boolean;
  seasonal?: Readonly<Record<number, number>>;
}

const abs = (amount: number): DemoBand => ({ kind: 'absolute', amount });
const rel = (amount: number): DemoBand => ({ kind: 'relative', amount });

const PCT = { unit: 'percentage', decimalPlaces: 1, plausibleMin: 0, plausibleMax: 100, rollUp: 'recompute' } as const;

const INDICATORS: readonly IndicatorSpec[] = [
  // P1 Be healthy
  {
    ...PCT,
    code: 'HLT-BF-68',
    title: 'Infants totally or partially breastfed at 6 to 8 weeks',
    definition:
      'Infants due a 6 to 8 week review who are totally or partially breastfed, as a percentage of infants due a review.',
    polarity: 'higher_is_better',
    frequency: 'quarterly',
    reportedByArea: true,
    priorityCode: 'P1',
    dataSource: 'OHID Fingertips (indicator 92517); health visiting service returns',
    owner: BIRTH_TO_FIVE,
    base: 43.5,
    denominator: 1700,
    noise: 0.9,
    scenario: { kind: 'trend', perYear: 2.2 },
    target: 44.5,
    targetStep: 0.5,
    tolerance: abs(2),
    exceptional: abs(2.5),
  },
  {
    ...PCT,
    code: 'HLT-MMR2-5',
    title: 'Children who have received two doses of MMR vaccine by their fifth birthday',
    definition:
      'Children reaching age 5 in the quarter with two doses of MMR recorded, as a percentage of all children reaching 5.',
    polarity: 'higher_is_better',
    frequency: 'quarterly',
    priorityCode: 'P1',
    dataSource: 'UKHSA Cover of vaccination evaluated rapidly (COVER)',
    owner: BIRTH_TO_FIVE,
    base: 89.2,
    denominator: 1750,
    noise: 0.5,
    scenario: { kind: 'trend', perYear: -0.9 },
    target: 91,
    targetStep: 0.5,
    tolerance: abs(2),
    exceptional: abs(2),
  },
  {
    ...PCT,
    code: 'HLT-HV-2YR',
    title: 'Children who received a 2 to 2½ year health visitor review',
    definition:
      'Children who turned 2½ in the quarter and received a review by that age, as a percentage of those who turned 2½.',
    polarity: 'higher_is_better',
    frequency: 'quarterly',
    priorityCode: 'P1',
    dataSource: 'OHID health visitor service delivery metrics',
    owner: BIRTH_TO_FIVE,
    base: 78.5,
    denominator: 1760,
    noise: 0.9,
    scenario: { kind: 'shift', at: 4, by: 6.5 },
    target: 80,
    targetStep: 1,
    tolerance: abs(3),
    exceptional: abs(3),
  },
  {
    ...PCT,
    code: 'HLT-SATOD',
    title: 'Mothers known to be smokers at the time of delivery',
    definition:
      'Maternities where the mother is a known smoker at delivery, as a percentage of maternities with known smoking status.',
    polarity: 'lower_is_better',
    frequency: 'quarterly',
    priorityCode: 'P1',
    dataSource: 'NHS England SATOD collection (Fingertips 93085)',
    owner: BIRTH_TO_FIVE,
    base: 12.6,
    denominator: 1690,
    noise: 0.55,
    scenario: { kind: 'trend', perYear: 0.9 },
    target: 12.2,
    targetStep: 0.4,
    tolerance: abs(1),
    exceptional: abs(1),
  },
  {
    code: 'HLT-U18-CONC',
    title: 'Under-18 conceptions per 1,000 females aged 15 to 17',
    definition:
      'Conceptions to women aged under 18 in the rolling 12 months to the quarter, per 1,000 females aged 15 to 17.',
    unit: 'rate_per_1000',
    decimalPlaces: 1,
    polarity: 'lower_is_better',
    frequency: 'quarterly',
    rollUp: 'latest',
    priorityCode: 'P1',
    dataSource: 'ONS Conceptions in England and Wales',
    plausibleMin: 0,
    plausibleMax: 60,
    owner: THIRTEEN_TO_19,
    base: 15.6,
    denominator: 12800,
    noise: 0.5,
    scenario: { kind: 'trend', perYear: 0.5 },
    target: 15.2,
    targetStep: 0.4,
    tolerance: rel(0.05),
    exceptional: rel(0.1),
    latestProvisional: true,
  },
  {
    code: 'HLT-SELFHARM',
    title: 'Hospital admissions as a result of self-harm, aged 10 to 24, per 100,000',
    definition:
      'Emergency admissions for intentional self-harm of people aged 10 to 24 in the rolling 12 months, per 100,000 population aged 10 to 24.',
    unit: 'rate_per_100000',
    decimalPlaces: 1,
    polarity: 'lower_is_better',
    frequency: 'quarterly',
    rollUp: 'latest',
    priorityCode: 'P1',
    dataSource: 'OHID Fingertips (indicator 90813); Hospital Episode Statistics',
    plausibleMin: 0,
    plausibleMax: 2000,
    owner: THIRTEEN_TO_19,
    base: 421,
    denominator: 128000,
    noise: 9,
    scenario: { kind: 'trend', perYear: -28 },
    target: 415,
    targetStep: 8,
    tolerance: rel(0.05),
    exceptional: rel(0.1),
    latestProvisional: true,
  },
  {
    code: 'HLT-CAMHS-WAIT',
    title: "Average wait from referral to second contact, children and young people's mental health services",
    definition:
      'Mean days from referral to second contact for children and young people whose second contact fell in the month.',
    unit: 'days',
    decimalPlaces: 0,
    polarity: 'lower_is_better',
    frequency: 'monthly',
    rollUp: 'average',
    priorityCode: 'P1',
    dataSource: 'NHS England Mental Health Services Data Set (MHSDS)',
    plausibleMin: 0,
    plausibleMax: 730,
    owner: EWMH,
    base: 86,
    noise: 4,
    scenario: { kind: 'trend', perYear: 9 },
    target: 84,
    targetStep: 5,
    tolerance: rel(0.1),
    exceptional: rel(0.1),
  },
  {
    code: 'HLT-CAMHS-ACCESS',
    title: 'Children and young people accessing NHS-funded mental health services (at least one contact)',
    definition: 'Children and young people aged 0 to 17 with at least one contact in the year to date.',
    unit: 'count',
    decimalPlaces: 0,
    polarity: 'higher_is_better',
    frequency: 'quarterly',
    rollUp: 'sum',
    cumulativeYtd: true,
    priorityCode: 'P1',
    dataSource: 'NHS England Mental Health Services Data Set (MHSDS)',
    plausibleMin: 0,
    plausibleMax: 40000,
    owner: EWMH,
    base: 2600,
    noise: 90,
    scenario: { kind: 'trend', perYear: 160 },
    target: 10400,
    targetStep: 400,
    tolerance: rel(0.05),
    exceptional: rel(0.06),
    quarterlyTargets: true,
  },
  {
    ...PCT,
    code: 'HLT-NCMP-R',
    title: 'Reception children with obesity (including severe obesity)',
    definition:
      'Children in Reception measured by the NCMP with a BMI at or above the 95th centile, as a percentage of children measured.',
    polarity: 'lower_is_better',
    frequency: 'academic_year',
    priorityCode: 'P1',
    dataSource: 'NHS England National Child Measurement Programme (NCMP)',
    owner: FIVE_TO_13,
    base: 10.1,
    denominator: 7200,
    noise: 0.25,
    scenario: { kind: 'trend', perYear: -0.4 },
    target: 9.9,
    targetStep: 0.2,
    tolerance: abs(0.5),
    exceptional: abs(0.8),
  },
  {
    ...PCT,
    code: 'HLT-NCMP-Y6',
    title: 'Year 6 children with obesity (including severe obesity)',
    definition:
      'Children in Year 6 measured by the NCMP with a BMI at or above the 95th centile, as a percentage of children measured.',
    polarity: 'lower_is_better',
    frequency: 'academic_year',
    priorityCode: 'P1',
    dataSource: 'NHS England National Child Measurement Programme (NCMP)',
    owner: FIVE_TO_13,
    base: 22.9,
    denominator: 7900,
    noise: 0.3,
    scenario: { kind: 'steady' },
    target: 22.6,
    targetStep: 0.3,
    tolerance: abs(0.8),
    exceptional: abs(1.5),
  },
  {
    ...PCT,
    code: 'HLT-DECAY-5',
    title: 'Five-year-olds with experience of visually obvious dental decay',
    definition: 'Five-year-olds examined in the oral health survey with one or more decayed, missing or filled teeth.',
    polarity: 'lower_is_better',
    frequency: 'annual',
    priorityCode: 'P1',
    dataSource: 'OHID National Dental Epidemiology Programme',
    owner: BIRTH_TO_FIVE,
    base: 21.6,
    denominator: 1250,
    noise: 0.6,
    scenario: { kind: 'trend', perYear: 1.6 },
    target: 21.2,
    targetStep: 0.4,
    tolerance: abs(1.5),
    exceptional: abs(1.5),
  },
  {
    code: 'HLT-ALC-U18',
    title: 'Admission episodes for alcohol-specific conditions, under 18s, per 100,000',
    definition:
      'Hospital admission episodes with an alcohol-specific primary or secondary diagnosis, persons under 18, per 100,000 population.',
    unit: 'rate_per_100000',
    decimalPlaces: 1,
    polarity: 'lower_is_better',
    frequency: 'annual',
    rollUp: 'latest',
    priorityCode: 'P1',
    dataSource: 'OHID Fingertips (indicator 92904); Hospital Episode Statistics',
    plausibleMin: 0,
    plausibleMax: 200,
    owner: THIRTEEN_TO_19,
    base: 26.8,
    denominator: 147000,
    noise: 0.6,
    scenario: { kind: 'trend', perYear: 1.4 },
    target: 26.5,
    targetStep: 0.8,
    tolerance: rel(0.08),
    exceptional: rel(0.1),
  },
  {
    ...PCT,
    code: 'HLT-CLA-HEALTH',
    title: 'Children looked after with an up-to-date health assessment',
    definition:
      'Children looked after continuously for 12 months whose health assessment is up to date, as a percentage of those children.',
    polarity: 'higher_is_better',
    frequency: 'quarterly',
    priorityCode: 'P1',
    dataSource: 'DfE SSDA903 return',
    owner: CORPORATE_PARENTING,
    base: 89.5,
    denominator: 560,
    noise: 1.1,
    scenario: { kind: 'steady' },
    target: 90,
    targetStep: 1,
    tolerance: abs(3),
    exceptional: abs(3),
  },
  {
    code: 'HLT-CLA-SDQ',
    title: 'Average Strengths and Difficulties Questionnaire score, children looked after',
    definition:
      'Mean total SDQ score of children aged 5 to 16 looked after for 12 months or more; 0 to 40, higher is a greater concern.',
    unit: 'score',
    decimalPlaces: 1,
    polarity: 'lower_is_better',
    frequency: 'annual',
    rollUp: 'average',
    priorityCode: 'P1',
    dataSource: 'DfE SSDA903 return',
    plausibleMin: 0,
    plausibleMax: 40,
    owner: EWMH,
    base: 14.7,
    noise: 0.2,
    scenario: { kind: 'trend', perYear: 0.5 },
    target: 14.6,
    targetStep: 0.2,
    tolerance: abs(0.5),
    exceptional: abs(0.5),
  },
  {
    ...PCT,
    code: 'HLT-CLA-DENTAL',
    title: 'Children looked after whose teeth have been checked by a dentist',
    definition:
      'Children looked after continuously for 12 months with a dental check in the year, as a percentage of those children.',
    polarity: 'higher_is_better',
    frequency: 'annual',
    priorityCode: 'P1',
    dataSource: 'DfE SSDA903 return',
    owner: CORPORATE_PARENTING,
    base: 71,
    denominator: 540,
    noise: 1.2,
    scenario: { kind: 'trend', perYear: 5.5 },
    target: 74,
    targetStep: 2,
    tolerance: abs(3),
    exceptional: abs(3),
  },

  // P2 Stay safe
  {
    code: 'SAF-CIN-RATE',
    title: 'Children in need per 10,000 children under 18',
    definition:
      'Children in need at the end of the quarter (including those on child protection plans and looked after), per 10,000 children aged 0 to 17.',
    unit: 'rate_per_10000',
    decimalPlaces: 1,
    polarity: 'no_polarity',
    frequency: 'quarterly',
    rollUp: 'latest',
    priorityCode: 'P2',
    dataSource: 'DfE Children in Need census',
    plausibleMin: 0,
    plausibleMax: 1000,
    owner: LSCP,
    base: 302,
    denominator: 147250,
    noise: 4,
    scenario: { kind: 'trend', perYear: 11 },
    range: [280, 330],
    tolerance: abs(10),
    exceptional: abs(0),
  },
  {
    code: 'SAF-CPP-RATE',
    title: 'Children subject to a child protection plan per 10,000 children under 18',
    definition:
      'Children subject to a child protection plan at the end of the month, per 10,000 children aged 0 to 17.',
    unit: 'rate_per_10000',
    decimalPlaces: 1,
    polarity: 'no_polarity',
    frequency: 'monthly',
    rollUp: 'latest',
    priorityCode: 'P2',
    dataSource: 'Local child protection register; DfE Children in Need census',
    plausibleMin: 0,
    plausibleMax: 200,
    owner: LSCP,
    base: 33.5,
    denominator: 147250,
    noise: 0.8,
    scenario: { kind: 'shift', at: 22, by: 6 },
    range: [30, 40],
    tolerance: abs(3),
    exceptional: abs(0),
  },
  {
    code: 'SAF-CLA-RATE',
    title: 'Children looked after per 10,000 children under 18',
    definition: 'Children looked after at the end of the quarter, per 10,000 children aged 0 to 17.',
    unit: 'rate_per_10000',
    decimalPlaces: 1,
    polarity: 'no_polarity',
    frequency: 'quarterly',
    rollUp: 'latest',
    reportedByArea: true,
    priorityCode: 'P2',
    dataSource: 'DfE SSDA903 return',
    plausibleMin: 0,
    plausibleMax: 300,
    owner: CORPORATE_PARENTING,
    base: 50,
    denominator: 147250,
    noise: 0.5,
    scenario: { kind: 'trend', perYear: 0.9 },
    range: [45, 55],
    tolerance: abs(2),
    exceptional: abs(0),
  },
  {
    ...PCT,
    code: 'SAF-CPP-REPEAT',
    title: 'Child protection plans starting that were a second or subsequent plan',
    definition:
      'Child protection plans starting in the quarter for children who had a previous plan, as a percentage of all plans starting.',
    polarity: 'lower_is_better',
    frequency: 'quarterly',
    priorityCode: 'P2',
    dataSource: 'DfE Children in Need census',
    owner: LSCP,
    base: 21,
    denominator: 130,
    noise: 1.8,
    scenario: { kind: 'spike', at: 8, by: -12 },
    target: 21,
    targetStep: 0.5,
    tolerance: abs(3),
    exceptional: abs(4),
  },
  {
    ...PCT,
    code: 'SAF-CPP-2YRS',
    title: 'Child protection plans ceasing that had lasted two years or more',
    definition:
      'Child protection plans ceasing in the quarter that had lasted two years or more, as a percentage of all plans ceasing.',
    polarity: 'lower_is_better',
    frequency: 'quarterly',
    priorityCode: 'P2',
    dataSource: 'DfE Children in Need census',
    owner: LSCP,
    base: 3.2,
    denominator: 140,
    noise: 0.7,
    scenario: { kind: 'steady' },
    target: 3,
    targetStep: 0,
    tolerance: abs(1),
    exceptional: abs(1.5),
  },
  {
    ...PCT,
    code: 'SAF-REREF',
    title: "Re-referrals to children's social care within 12 months of a previous referral",
    definition: 'Referrals in the quarter within 12 months of a previous referral, as a percentage of all referrals.',
    polarity: 'lower_is_better',
    frequency: 'quarterly',
    priorityCode: 'P2',
    dataSource: 'DfE Children in Need census',
    owner: LSCP,
    base: 19.2,
    denominator: 1500,
    noise: 0.7,
    scenario: { kind: 'trend', perYear: -1.6 },
    target: 19,
    targetStep: 0.5,
    tolerance: abs(1.5),
    exceptional: abs(2.5),
  },
  {
    ...PCT,
    code: 'SAF-ASSESS-45',
    title: 'Children and family assessments completed within 45 working days',
    definition:
      'Assessments completed in the month within 45 working days of referral, as a percentage of assessments completed.',
    polarity: 'higher_is_better',
    frequency: 'monthly',
    priorityCode: 'P2',
    dataSource: 'DfE Children in Need census; Mosaic case management system',
    owner: LSCP,
    base: 87,
    denominator: 520,
    noise: 1.6,
    scenario: { kind: 'spike', at: 15, by: -16 },
    target: 87,
    targetStep: 0.5,
    tolerance: abs(3),
    exceptional: abs(5),
  },
  {
    ...PCT,
    code: 'SAF-CP-REVIEW',
    title: 'Child protection cases reviewed within required timescales',
    definition: 'Child protection review conferences held on time in the quarter, as a percentage of reviews due.',
    polarity: 'higher_is_better',
    frequency: 'quarterly',
    priorityCode: 'P2',
    dataSource: 'Local child protection conference records',
    owner: LSCP,
    base: 97.6,
    denominator: 480,
    noise: 0.7,
    scenario: { kind: 'steady' },
    target: 98,
    targetStep: 0.2,
    tolerance: abs(2),
    exceptional: abs(1.5),
  },
  {
    ...PCT,
    code: 'SAF-LADO',
    title: 'Allegations against people who work with children resolved within one month',
    definition:
      'Allegations referred to the Local Authority Designated Officer and resolved within one month, as a percentage of allegations closed.',
    polarity: 'higher_is_better',
    frequency: 'quarterly',
    priorityCode: 'P2',
    dataSource: 'Local Authority Designated Officer (LADO) records',
    owner: LSCP,
    base: 78,
    denominator: 60,
    noise: 3.5,
    scenario: { kind: 'steady' },
    target: 79,
    targetStep: 1,
    tolerance: abs(5),
    exceptional: abs(8),
  },
  {
    ...PCT,
    code: 'SAF-CLA-3PLACE',
    title: 'Children looked after with three or more placements during the year',
    definition:
      'Children looked after at the end of the quarter who had three or more placements in the previous 12 months.',
    rollUp: 'latest',
    polarity: 'lower_is_better',
    frequency: 'quarterly',
    priorityCode: 'P2',
    dataSource: 'DfE SSDA903 return',
    owner: CORPORATE_PARENTING,
    base: 9.6,
    denominator: 740,
    noise: 0.35,
    scenario: { kind: 'trend', perYear: 1.3 },
    target: 10,
    targetStep: 0.3,
    tolerance: abs(1),
    exceptional: abs(1),
  },
  {
    ...PCT,
    code: 'SAF-CLA-LONGTERM',
    title: 'Long-term placement stability of children looked after',
    definition:
      'Children under 16 looked after for 2½ years or more who have lived in the same placement for at least two years.',
    rollUp: 'latest',
    polarity: 'higher_is_better',
    frequency: 'quarterly',
    priorityCode: 'P2',
    dataSource: 'DfE SSDA903 return',
    owner: CORPORATE_PARENTING,
    base: 69,
    denominator: 260,
    noise: 1.2,
    scenario: { kind: 'shift', at: 5, by: -7 },
    target: 70,
    targetStep: 1,
    tolerance: abs(3),
    exceptional: abs(4),
  },
  {
    code: 'SAF-CLA-MISSING',
    title: 'Missing-from-placement episodes of children looked after',
    definition: 'Episodes in the year to date in which a child looked after went missing from their placement.',
    unit: 'count',
    decimalPlaces: 0,
    polarity: 'lower_is_better',
    frequency: 'quarterly',
    rollUp: 'sum',
    cumulativeYtd: true,
    priorityCode: 'P2',
    dataSource: 'DfE SSDA903 return (missing episodes)',
    plausibleMin: 0,
    plausibleMax: 2000,
    owner: CORPORATE_PARENTING,
    base: 92,
    noise: 7,
    scenario: { kind: 'trend', perYear: -14 },
    target: 360,
    targetStep: 10,
    tolerance: rel(0.05),
    exceptional: rel(0.1),
    quarterlyTargets: true,
  },
  {
    code: 'SAF-ADOPT-DAYS',
    title: 'Average days between a child entering care and moving in with their adoptive family',
    definition:
      'Mean days, over the rolling three years, from entering care to moving in with the adoptive family (adoption scorecard A1).',
    unit: 'days',
    decimalPlaces: 0,
    polarity: 'lower_is_better',
    frequency: 'quarterly',
    rollUp: 'average',
    priorityCode: 'P2',
    dataSource: 'DfE adoption scorecard; SSDA903 return',
    plausibleMin: 0,
    plausibleMax: 2000,
    owner: CORPORATE_PARENTING,
    base: 438,
    noise: 9,
    scenario: { kind: 'trend', perYear: 32 },
    // The national adoption scorecard threshold.
    target: 426,
    targetStep: 0,
    tolerance: rel(0.05),
    exceptional: rel(0.08),
  },
  {
    code: 'SAF-KSI',
    title: 'Children killed or seriously injured in road traffic collisions',
    definition:
      'Casualties aged 0 to 15 killed or seriously injured in reported road traffic collisions in the year to date.',
    unit: 'count',
    decimalPlaces: 0,
    polarity: 'lower_is_better',
    frequency: 'quarterly',
    rollUp: 'sum',
    cumulativeYtd: true,
    priorityCode: 'P2',
    dataSource: 'DfT STATS19 road casualty data; Lincolnshire Road Safety Partnership',
    plausibleMin: 0,
    plausibleMax: 500,
    owner: FIVE_TO_13,
    base: 11,
    noise: 2.5,
    scenario: { kind: 'steady' },
    target: 44,
    targetStep: 2,
    tolerance: rel(0.1),
    exceptional: rel(0.2),
  },
  {
    code: 'SAF-EH-TAC',
    title: 'Early help assessments started (Team Around the Child)',
    definition:
      'Early help assessments started in the year to date, the agreed mechanism for co-ordinating early help.',
    unit: 'count',
    decimalPlaces: 0,
    polarity: 'higher_is_better',
    frequency: 'quarterly',
    rollUp: 'sum',
    cumulativeYtd: true,
    reportedByArea: true,
    priorityCode: 'P2',
    dataSource: 'Lincolnshire early help case management system',
    plausibleMin: 0,
    plausibleMax: 20000,
    owner: FIVE_TO_13,
    base: 610,
    noise: 25,
    scenario: { kind: 'trend', perYear: 70 },
    target: 2400,
    targetStep: 100,
    tolerance: rel(0.05),
    exceptional: rel(0.06),
    quarterlyTargets: true,
  },

  // P3 Enjoy and achieve
  {
    ...PCT,
    code: 'EDU-EYFS-GLD',
    title: 'Children achieving a good level of development at the end of the Early Years Foundation Stage',
    definition:
      'Children at the end of Reception reaching the expected level in the prime areas, literacy and mathematics.',
    polarity: 'higher_is_better',
    frequency: 'academic_year',
    priorityCode: 'P3',
    dataSource: 'DfE Early years foundation stage profile results',
    owner: BIRTH_TO_FIVE,
    base: 65.4,
    denominator: 7300,
    noise: 0.3,
    scenario: { kind: 'trend', perYear: 1.4 },
    target: 66,
    targetStep: 0.8,
    tolerance: abs(1),
    exceptional: abs(1),
  },
  {
    ...PCT,
    code: 'EDU-FUNDED-2YO',
    title: 'Eligible two-year-olds taking up a funded early education place',
    definition: 'Two-year-olds eligible for the disadvantaged entitlement who took up a funded place in the term.',
    polarity: 'higher_is_better',
    frequency: 'quarterly',
    reportedByArea: true,
    priorityCode: 'P3',
    dataSource: 'DfE Early years census; provider headcount returns',
    owner: BIRTH_TO_FIVE,
    base: 76,
    denominator: 1900,
    noise: 0.9,
    scenario: { kind: 'trend', perYear: 1.8 },
    target: 78,
    targetStep: 1,
    tolerance: abs(3),
    exceptional: abs(4),
  },
  {
    ...PCT,
    code: 'EDU-KS2-RWM',
    title: 'Pupils meeting the expected standard in reading, writing and mathematics at key stage 2',
    definition:
      'Pupils at the end of key stage 2 meeting the expected standard in all of reading, writing and mathematics.',
    polarity: 'higher_is_better',
    frequency: 'academic_year',
    priorityCode: 'P3',
    dataSource: 'DfE Key stage 2 attainment statistics',
    owner: FIVE_TO_13,
    base: 57.2,
    denominator: 8100,
    noise: 0.3,
    scenario: { kind: 'trend', perYear: -0.6 },
    target: 59,
    targetStep: 1,
    tolerance: abs(1.5),
    exceptional: abs(2),
  },
  {
    code: 'EDU-KS4-ATT8',
    title: 'Average Attainment 8 score per pupil',
    definition: 'Mean Attainment 8 score of pupils at the end of key stage 4 in state-funded schools.',
    unit: 'score',
    decimalPlaces: 1,
    polarity: 'higher_is_better',
    frequency: 'academic_year',
    rollUp: 'average',
    priorityCode: 'P3',
    dataSource: 'DfE Key stage 4 performance statistics',
    plausibleMin: 0,
    plausibleMax: 90,
    owner: THIRTEEN_TO_19,
    base: 45.3,
    noise: 0.2,
    scenario: { kind: 'steady' },
    target: 45.5,
    targetStep: 0.3,
    tolerance: abs(1),
    exceptional: abs(1.5),
  },
  {
    code: 'EDU-CLA-ATT8',
    title: 'Average Attainment 8 score, children looked after for 12 months or more',
    definition:
      'Mean Attainment 8 score of children looked after continuously for 12 months at the end of key stage 4.',
    unit: 'score',
    decimalPlaces: 1,
    polarity: 'higher_is_better',
    frequency: 'academic_year',
    rollUp: 'average',
    priorityCode: 'P3',
    dataSource: 'DfE Outcomes for children in need, including children looked after',
    plausibleMin: 0,
    plausibleMax: 90,
    owner: CORPORATE_PARENTING,
    base: 19.4,
    noise: 0.5,
    scenario: { kind: 'trend', perYear: 1.8 },
    target: 20,
    targetStep: 0.5,
    tolerance: abs(1.5),
    exceptional: abs(1.5),
  },
  {
    ...PCT,
    code: 'EDU-PERSIST-ABS',
    title: 'Pupils who are persistently absent',
    definition:
      'Pupils in state-funded schools missing 10% or more of possible sessions in the year to the end of the term.',
    polarity: 'lower_is_better',
    frequency: 'quarterly',
    reportedByArea: true,
    priorityCode: 'P3',
    dataSource: 'DfE school census; Pupil absence in schools in England',
    owner: FIVE_TO_13,
    base: 21.2,
    denominator: 110000,
    noise: 0.35,
    scenario: { kind: 'trend', perYear: 1.1 },
    target: 20.5,
    targetStep: 0.8,
    tolerance: abs(1),
    exceptional: abs(1),
  },
  {
    code: 'EDU-PERM-EXCL',
    title: 'Permanent exclusions from school',
    definition: 'Permanent exclusions from state-funded schools in the year to date.',
    unit: 'count',
    decimalPlaces: 0,
    polarity: 'lower_is_better',
    frequency: 'quarterly',
    rollUp: 'sum',
    cumulativeYtd: true,
    priorityCode: 'P3',
    dataSource: 'DfE Suspensions and permanent exclusions; local inclusion team records',
    plausibleMin: 0,
    plausibleMax: 1000,
    owner: FIVE_TO_13,
    base: 21,
    noise: 3,
    scenario: { kind: 'trend', perYear: -5 },
    target: 80,
    targetStep: 4,
    tolerance: rel(0.1),
    exceptional: rel(0.15),
  },
  {
    ...PCT,
    code: 'EDU-EHCP-20WK',
    title: 'New education, health and care plans issued within 20 weeks',
    definition:
      'New EHC plans issued in the month within 20 weeks of the request (excluding exceptions), as a percentage of plans issued.',
    polarity: 'higher_is_better',
    frequency: 'monthly',
    priorityCode: 'P3',
    dataSource: 'DfE SEN2 return',
    owner: DISABLED,
    base: 47,
    denominator: 85,
    noise: 3,
    scenario: { kind: 'trend', perYear: 13 },
    target: 55,
    targetStep: 5,
    tolerance: abs(5),
    exceptional: abs(8),
  },
  {
    ...PCT,
    code: 'EDU-OFSTED-GOOD',
    title: 'Pupils attending a school judged good or outstanding by Ofsted',
    definition:
      'Pupils in state-funded schools whose latest Ofsted overall effectiveness judgement is good or outstanding.',
    rollUp: 'latest',
    polarity: 'higher_is_better',
    frequency: 'quarterly',
    priorityCode: 'P3',
    dataSource: 'Ofsted State-funded schools inspections and outcomes',
    owner: FIVE_TO_13,
    base: 84.2,
    denominator: 105000,
    noise: 0.4,
    scenario: { kind: 'trend', perYear: 0.8 },
    target: 85,
    targetStep: 1,
    tolerance: abs(2),
    exceptional: abs(3),
  },
  {
    code: 'DIS-SHORT-BREAKS',
    title: 'Disabled children receiving a short break',
    definition: 'Disabled children and young people receiving a short break service at the end of the quarter.',
    unit: 'count',
    decimalPlaces: 0,
    polarity: 'higher_is_better',
    frequency: 'quarterly',
    rollUp: 'latest',
    priorityCode: 'P3',
    dataSource: 'Lincolnshire short breaks service records',
    plausibleMin: 0,
    plausibleMax: 10000,
    owner: DISABLED,
    base: 1440,
    noise: 18,
    scenario: { kind: 'trend', perYear: 70 },
    target: 1500,
    targetStep: 50,
    tolerance: rel(0.03),
    exceptional: rel(0.04),
  },
  {
    ...PCT,
    code: 'DIS-EHCP-REVIEW',
    title: 'Annual reviews of education, health and care plans completed on time',
    definition:
      'EHC plan annual reviews due in the quarter that were completed within 12 months of the previous review.',
    polarity: 'higher_is_better',
    frequency: 'quarterly',
    priorityCode: 'P3',
    dataSource: 'Lincolnshire SEND case management system',
    owner: DISABLED,
    base: 63,
    denominator: 1300,
    noise: 1.4,
    scenario: { kind: 'trend', perYear: -2.5 },
    target: 65,
    targetStep: 3,
    tolerance: abs(4),
    exceptional: abs(6),
  },
  {
    ...PCT,
    code: 'DIS-TRANSITION',
    title: 'Young people with an EHC plan who have a transition plan from their Year 9 review',
    definition:
      'Young people in Year 9 and above with an EHC plan whose plan includes preparing for adulthood outcomes.',
    polarity: 'higher_is_better',
    frequency: 'quarterly',
    priorityCode: 'P3',
    dataSource: 'Lincolnshire SEND case management system',
    owner: THIRTEEN_TO_19,
    base: 71,
    denominator: 140,
    noise: 2.8,
    scenario: { kind: 'steady' },
    target: 72,
    targetStep: 1,
    tolerance: abs(4),
    exceptional: abs(6),
  },

  // P4 Make a positive contribution
  {
    code: 'YOS-FTE',
    title: 'First-time entrants to the youth justice system per 100,000 young people aged 10 to 17',
    definition:
      'Young people receiving their first youth caution or court conviction in the rolling 12 months, per 100,000 aged 10 to 17.',
    unit: 'rate_per_100000',
    decimalPlaces: 0,
    polarity: 'lower_is_better',
    frequency: 'quarterly',
    rollUp: 'latest',
    priorityCode: 'P4',
    dataSource: 'Youth Justice Board; Police National Computer',
    plausibleMin: 0,
    plausibleMax: 2000,
    owner: YOS,
    base: 152,
    denominator: 70500,
    noise: 4,
    scenario: { kind: 'trend', perYear: 12 },
    target: 150,
    targetStep: 5,
    tolerance: rel(0.05),
    exceptional: rel(0.1),
    latestProvisional: true,
  },
  {
    ...PCT,
    code: 'YOS-REOFF',
    title: 'Proven reoffending by young people (binary rate)',
    definition:
      'Young people in the cohort who committed a proven reoffence within 12 months, as a percentage of the cohort.',
    rollUp: 'latest',
    polarity: 'lower_is_better',
    frequency: 'quarterly',
    priorityCode: 'P4',
    dataSource: 'Ministry of Justice Proven reoffending statistics (via YJB)',
    owner: YOS,
    base: 31.5,
    denominator: 190,
    noise: 1.6,
    scenario: { kind: 'shift', at: 4, by: -6 },
    target: 31,
    targetStep: 1,
    tolerance: abs(2),
    exceptional: abs(3),
  },
  {
    code: 'YOS-CUSTODY',
    title: 'Custodial sentences for young people aged 10 to 17',
    definition: 'Custodial sentences given to young people aged 10 to 17 in the year to date.',
    unit: 'count',
    decimalPlaces: 0,
    polarity: 'lower_is_better',
    frequency: 'quarterly',
    rollUp: 'sum',
    cumulativeYtd: true,
    priorityCode: 'P4',
    dataSource: 'YJB case management system',
    plausibleMin: 0,
    plausibleMax: 200,
    owner: YOS,
    base: 2.2,
    noise: 1,
    scenario: { kind: 'steady' },
    target: 9,
    targetStep: 0,
    tolerance: rel(0.25),
    exceptional: rel(0.25),
  },
  {
    ...PCT,
    code: 'YOS-ETE',
    title: 'Young people in suitable education, training or employment at the end of their youth justice order',
    definition:
      'Young people closing a court order or youth caution in the quarter who were in suitable ETE at closure.',
    polarity: 'higher_is_better',
    frequency: 'quarterly',
    priorityCode: 'P4',
    dataSource: 'YJB key performance indicators',
    owner: YOS,
    base: 69,
    denominator: 75,
    noise: 2.5,
    scenario: { kind: 'spike', at: 9, by: -22 },
    target: 70,
    targetStep: 2,
    tolerance: abs(5),
    exceptional: abs(6),
  },
  {
    ...PCT,
    code: 'PC-CLA-PARTICIP',
    title: 'Children looked after who participated in their statutory reviews',
    definition: 'Reviews of children looked after aged 4 and over held in the quarter in which the child participated.',
    polarity: 'higher_is_better',
    frequency: 'quarterly',
    priorityCode: 'P4',
    dataSource: 'DfE SSDA903 return',
    owner: CORPORATE_PARENTING,
    base: 93.2,
    denominator: 700,
    noise: 0.7,
    scenario: { kind: 'steady' },
    target: 93.5,
    targetStep: 0.3,
    tolerance: abs(2),
    exceptional: abs(2),
  },
  {
    code: 'PC-YOUTH-VOICE',
    title: 'Young people taking part in youth voice and participation activity',
    definition:
      'Young people taking part in the Lincolnshire Participation Action Group, youth forums and consultations in the year to date.',
    unit: 'count',
    decimalPlaces: 0,
    polarity: 'higher_is_better',
    frequency: 'quarterly',
    rollUp: 'sum',
    cumulativeYtd: true,
    priorityCode: 'P4',
    dataSource: 'Lincolnshire Participation Action Group (LPAG) records',
    plausibleMin: 0,
    plausibleMax: 20000,
    owner: THIRTEEN_TO_19,
    base: 305,
    noise: 18,
    scenario: { kind: 'trend', perYear: 45 },
    target: 1200,
    targetStep: 100,
    tolerance: rel(0.05),
    exceptional: rel(0.1),
    quarterlyTargets: true,
  },

  // P5 Achieve economic well-being
  {
    ...PCT,
    code: 'EWB-NEET',
    title: '16 and 17 year olds not in education, employment or training, or whose activity is not known',
    definition:
      'Young people academic age 16 or 17 resident in the county who are NEET or whose activity is not known, at the end of the month.',
    rollUp: 'latest',
    polarity: 'lower_is_better',
    frequency: 'monthly',
    reportedByArea: true,
    priorityCode: 'P5',
    dataSource: 'DfE National Client Caseload Information System (NCCIS)',
    owner: THIRTEEN_TO_19,
    base: 5.9,
    denominator: 15800,
    noise: 0.15,
    scenario: { kind: 'trend', perYear: 0.25 },
    target: 5.6,
    targetStep: 0.2,
    tolerance: abs(0.5),
    exceptional: abs(0.8),
    // Activity is not known for many young people each autumn until the new cohort is tracked.
    seasonal: { 9: 2.2, 10: 1.2, 11: 0.5 },
  },
  {
    ...PCT,
    code: 'EWB-CL-EET',
    title: 'Care leavers aged 19 to 21 in education, employment or training',
    definition:
      'Care leavers aged 19 to 21 whose activity on their birthday in the quarter was education, employment or training.',
    polarity: 'higher_is_better',
    frequency: 'quarterly',
    priorityCode: 'P5',
    dataSource: 'DfE SSDA903 return (care leavers)',
    owner: CORPORATE_PARENTING,
    base: 54,
    denominator: 310,
    noise: 1.5,
    scenario: { kind: 'trend', perYear: 3.5 },
    target: 55,
    targetStep: 1.5,
    tolerance: abs(3),
    exceptional: abs(4),
  },
  {
    ...PCT,
    code: 'EWB-CL-ACCOM',
    title: 'Care leavers aged 19 to 21 in suitable accommodation',
    definition: 'Care leavers aged 19 to 21 whose accommodation on their birthday in the quarter was judged suitable.',
    polarity: 'higher_is_better',
    frequency: 'quarterly',
    priorityCode: 'P5',
    dataSource: 'DfE SSDA903 return (care leavers)',
    owner: CORPORATE_PARENTING,
    base: 88.5,
    denominator: 310,
    noise: 1.2,
    scenario: { kind: 'steady' },
    target: 89,
    targetStep: 0.5,
    tolerance: abs(3),
    exceptional: abs(3),
  },
  {
    code: 'EWB-APPRENT',
    title: 'Apprenticeship starts by young people aged 16 to 18',
    definition: 'Apprenticeship starts by people aged under 19 living in the county, in the year to date.',
    unit: 'count',
    decimalPlaces: 0,
    polarity: 'higher_is_better',
    frequency: 'quarterly',
    rollUp: 'sum',
    cumulativeYtd: true,
    priorityCode: 'P5',
    dataSource: 'DfE Further education and skills statistics (Individualised Learner Record)',
    plausibleMin: 0,
    plausibleMax: 10000,
    owner: THIRTEEN_TO_19,
    base: 335,
    noise: 14,
    scenario: { kind: 'trend', perYear: -24 },
    target: 1380,
    targetStep: 40,
    tolerance: rel(0.05),
    exceptional: rel(0.1),
    quarterlyTargets: true,
  },
  {
    ...PCT,
    code: 'EWB-CHILD-POV',
    title: 'Children in absolute low income families (under 16)',
    definition:
      'Children under 16 in families with income below 60% of the 2010-11 median before housing costs, as a percentage of children under 16.',
    polarity: 'lower_is_better',
    frequency: 'annual',
    priorityCode: 'P5',
    dataSource: 'DWP Children in low income families (Stat-Xplore)',
    owner: FIVE_TO_13,
    base: 17.1,
    denominator: 125000,
    noise: 0.2,
    scenario: { kind: 'trend', perYear: -0.7 },
    target: 17,
    targetStep: 0.3,
    tolerance: abs(0.5),
    exceptional: abs(1),
  },
  {
    ...PCT,
    code: 'EWB-L3-19',
    title: 'Young people qualified to level 3 by age 19',
    definition: 'Young people in the state-funded cohort who had achieved a level 3 qualification by age 19.',
    polarity: 'higher_is_better',
    frequency: 'annual',
    priorityCode: 'P5',
    dataSource: 'DfE Level 2 and 3 attainment age 16 to 25',
    owner: THIRTEEN_TO_19,
    base: 56.2,
    denominator: 7800,
    noise: 0.35,
    scenario: { kind: 'steady' },
    target: 57,
    targetStep: 1,
    tolerance: abs(1.5),
    exceptional: abs(2),
  },
  {
    code: 'EWB-YOUNG-CARERS',
    title: "Young carers identified and offered a young carer's needs assessment",
    definition: "Young carers newly identified and offered a young carer's needs assessment in the year to date.",
    unit: 'count',
    decimalPlaces: 0,
    polarity: 'higher_is_better',
    frequency: 'quarterly',
    rollUp: 'sum',
    cumulativeYtd: true,
    priorityCode: 'P5',
    dataSource: 'Lincolnshire Young Carers Service records',
    plausibleMin: 0,
    plausibleMax: 5000,
    owner: FIVE_TO_13,
    base: 138,
    noise: 9,
    scenario: { kind: 'trend', perYear: 30 },
    target: 560,
    targetStep: 30,
    tolerance: rel(0.05),
    exceptional: rel(0.1),
  },
];

/** Small numbers withheld from a return (SPEC 3), as the history index and the marker used. */
const SUPPRESSED: Readonly<Record<string, readonly { index: number; marker: string }[]>> = {
  'SAF-CPP-2YRS': [
    { index: 3, marker: 'c' },
    { index: 9, marker: '<5' },
  ],
};

/** Lead responsibility moved during the second year of the history ("a change of owner is recorded"). */
const OWNER_CHANGES: Readonly<Record<string, { groupCode: string; reason: string }>> = {
  'HLT-SELFHARM': {
    groupCode: EWMH,
    reason: 'The Executive agreed that self-harm admissions sit with the Emotional Wellbeing and Mental Health Group.',
  },
  'DIS-TRANSITION': {
    groupCode: DISABLED,
    reason:
      "Transition to adult services is within the Disabled Children's Group's remit; lead moved by the Executive.",
  },
};

/** In-year changes to agreed targets: "only in rare circumstances" (leicestershire). */
const REVISIONS: Readonly<
  Record<string, { yearFromEnd: number; reason: string; change: (t: DemoTargetValues) => Partial<DemoTargetValues> }>
> = {
  'SAF-CLA-RATE': {
    yearFromEnd: 1,
    reason: 'Range raised after the Ofsted ILACS inspection and the review of children subject to pre-proceedings.',
    change: (t) => ({ rangeLow: (t.rangeLow ?? 0) + 2, rangeHigh: (t.rangeHigh ?? 0) + 2 }),
  },
  'EWB-NEET': {
    yearFromEnd: 2,
    reason:
      'Re-baselined after the DfE changed the NCCIS tracking guidance so that "not known" counts towards the measure.',
    change: (t) => ({ value: round((t.value ?? 0) + 0.3, 1) }),
  },
};

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
function round(x: number, dp: number): number {
  const factor = 10 ** dp;
  return (Math.round(Math.abs(x) * factor + 1e-9) / factor) * Math.sign(x) || 0;
}

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
