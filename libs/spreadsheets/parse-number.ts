/**
 * Strict parsing of numbers typed by people into returns. Anything a reader could take two ways is
 * refused with a message saying what to type instead, because a silently misread value is worse than
 * a rejected upload.
 */
export type NumberParse =
  { readonly ok: true; readonly value: number | null } | { readonly ok: false; readonly message: string };

export interface ParseNumberOptions {
  /**
   * Accept a trailing `%` (`12.5%` → 12.5, in percentage points). Only for percentage indicators,
   * whose values are stored as points; elsewhere `%` means the person misread the unit.
   */
  readonly allowPercentSign?: boolean;
  /** Largest absolute value accepted; nothing in a scorecard is near 10^12. */
  readonly maxMagnitude?: number;
}

export const MAX_MAGNITUDE = 1e12;

// 1234 | 1,234,567 (commas only between groups of three) with an optional decimal part, or 1.5E-3
// as Excel writes very small numbers into csv.
const PLAIN = /^-?(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?$/;
const SCIENTIFIC = /^-?\d+(?:\.\d+)?[eE][-+]?\d+$/;
// 12,5 or 1.234,5 (checked only when not a plain number): a decimal comma, as continental Excel writes.
const DECIMAL_COMMA = /^-?\d{1,3}(?:[.\s]\d{3})*,\d+$|^-?\d+,\d{1,2}$|^-?\d+,\d{4,}$/;

/** Blank (or only spaces) is `null`: no value, which the caller decides is allowed or not. */
export function parseNumber(input: string | number | null | undefined, options: ParseNumberOptions = {}): NumberParse {
  const max = options.maxMagnitude ?? MAX_MAGNITUDE;
  if (input === null || input === undefined) return { ok: true, value: null };
  if (typeof input === 'number') return inRange(input, input, max);
  const shown = input.length > 40 ? `${input.slice(0, 37)}…` : input;
  // Excel pads with non-breaking spaces; they are never meaningful around a number.
  let text = input.replace(/[\s\u00a0\u202f]+/g, ' ').trim();
  if (text === '') return { ok: true, value: null };
  let percent = false;
  if (text.endsWith('%')) {
    percent = true;
    text = text.slice(0, -1).trimEnd();
  }
  if (!PLAIN.test(text) && !SCIENTIFIC.test(text)) {
    if (DECIMAL_COMMA.test(text)) {
      const suggestion = text.replace(/[.\s](?=\d{3}(?:[.\s,]|$))/g, '').replace(',', '.');
      return { ok: false, message: `'${shown}' is not a number; use ${suggestion}` };
    }
    return { ok: false, message: `'${shown}' is not a number` };
  }
  if (percent && !options.allowPercentSign) {
    return { ok: false, message: `'${shown}' has a % sign but this value is not a percentage; leave out the %` };
  }
  return inRange(Number(text.replace(/,/g, '')), shown, max);
}

/** `shown`: the input as the person typed it, for messages (a number is turned into text only for one). */
function inRange(value: number, shown: string | number, max: number): NumberParse {
  if (!Number.isFinite(value)) return { ok: false, message: `'${shown}' is not a finite number` };
  if (Math.abs(value) > max)
    return { ok: false, message: `'${shown}' is too large (the limit is ${max.toLocaleString('en-GB')})` };
  // -0 would be stored as 0 anyway; normalise so comparisons and hashes agree.
  return { ok: true, value: value === 0 ? 0 : value };
}

export interface Suppression {
  /** The marker as stored, lower case: `c`, `x`, `<5` … */
  readonly marker: string;
  readonly meaning: string;
}

/**
 * Markers published statistics use instead of a number (test/fixtures/real/README.md; GSS
 * "Symbols in tables" guidance). `u` (low reliability) is not here: GSS writes it next to a value,
 * not instead of one.
 */
export const SUPPRESSION_MARKERS: Readonly<Record<string, string>> = {
  c: 'confidential: suppressed to protect individuals',
  x: 'not available or suppressed',
  z: 'not applicable',
  k: 'rounds to zero but is not zero',
  ':': 'not available',
  '*': 'suppressed small number',
  '..': 'not available',
  '.': 'not applicable',
  '-': 'nil, negligible or suppressed',
  '~': 'rounds to zero but is not zero',
};

/** `c`, `x`, `*`, `..`, `-`, `<5` … → a marker; anything else (including blank) → null. */
export function parseSuppression(input: string | number | null | undefined): Suppression | null {
  if (typeof input !== 'string') return null;
  const text = input.trim().toLowerCase();
  const meaning = SUPPRESSION_MARKERS[text];
  if (meaning) return { marker: text, meaning };
  // "<5", "< 10": a small count withheld; the threshold varies by publisher.
  const below = /^<\s*(\d{1,3})$/.exec(text);
  if (below) return { marker: `<${below[1]}`, meaning: `fewer than ${below[1]}: suppressed small number` };
  return null;
}
