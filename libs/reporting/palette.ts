/**
 * Colours shared by charts, workbook fills and the PDF. RAG colours are the GOV.UK Design System's green,
 * red and a warm amber; SPC and comparator colours are from the Okabe–Ito palette, which stays distinguishable
 * with the common colour-vision deficiencies. Colour is never the only signal: every use is paired with a word
 * or a marker shape.
 */
import type { RagRating } from './report-model.js';

export interface Swatch {
  /** `#RRGGBB` */
  readonly fill: string;
  /** Text drawn on the fill, chosen for at least 4.5:1 contrast. */
  readonly text: string;
}

export const RAG_SWATCHES: Readonly<Record<RagRating, Swatch>> = {
  green: { fill: '#00703C', text: '#FFFFFF' },
  amber: { fill: '#FFB81C', text: '#0B0C0C' },
  red: { fill: '#D4351C', text: '#FFFFFF' },
  none: { fill: '#D9DADB', text: '#0B0C0C' },
};

export const SPC_COLOURS = {
  series: '#7F7F7F',
  mean: '#333333',
  limits: '#555555',
  concern: '#E66100',
  improvement: '#0072B2',
  neutral: '#5E3C99',
  target: '#CC0077',
} as const;

/** Comparator lines in order of appearance; each also has its own dash pattern. */
export const COMPARATOR_STYLES: readonly { colour: string; dash: number[] }[] = [
  { colour: '#009E73', dash: [2, 3] },
  { colour: '#56B4E9', dash: [8, 3, 2, 3] },
  { colour: '#A0522D', dash: [1, 2] },
];

export const TEXT_COLOUR = '#0B0C0C';
export const SECONDARY_TEXT_COLOUR = '#505A5F';
export const RULE_COLOUR = '#B1B4B6';
export const HEADER_FILL = '#F3F2F1';
export const POSITIVE_SWATCH: Swatch = { fill: '#0072B2', text: '#FFFFFF' };
export const CONCERN_SWATCH: Swatch = { fill: '#E66100', text: '#0B0C0C' };
