/** Vocabulary of the catalogue (SPEC section 2). Plain values so DTOs, entities and the workbook share them. */

export const GROUP_KINDS = [
  'hwb',
  'partnership_board',
  'executive',
  'lead_group',
  'locality_partnership',
  'statutory_board',
] as const;
export type GroupKind = (typeof GROUP_KINDS)[number];

export const AREA_KINDS = ['country', 'region', 'local_authority', 'district', 'locality'] as const;
export type AreaKind = (typeof AREA_KINDS)[number];

export const UNITS = [
  'percentage',
  'rate_per_1000',
  'rate_per_10000',
  'rate_per_100000',
  'count',
  'days',
  'score',
] as const;
export type Unit = (typeof UNITS)[number];

/** Multiplier applied to numerator ÷ denominator to give the indicator's value (shared with the evaluation rules). */
export { UNIT_MULTIPLIERS } from '../evaluation/index.js';

export const POLARITIES = ['higher_is_better', 'lower_is_better', 'no_polarity'] as const;
export type IndicatorPolarity = (typeof POLARITIES)[number];

export const FREQUENCIES = ['monthly', 'quarterly', 'annual', 'academic_year'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export const ROLL_UPS = ['sum', 'recompute', 'latest', 'average'] as const;
export type RollUp = (typeof ROLL_UPS)[number];

export const BAND_KINDS = ['absolute', 'relative'] as const;
export type BandKind = (typeof BAND_KINDS)[number];

/** Codes of plans, priorities, groups, areas and indicators (the API's DTOs apply the same rule). */
export const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
export const CODE_MAX_LENGTH = 40;
export const CODE_RULE =
  'may contain only letters, digits, dot, underscore and hyphen, and must start with a letter or digit';
