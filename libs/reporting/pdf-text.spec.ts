import { describe, expect, it } from 'vitest';
import { pdfSafeText } from './pdf-text.js';

describe(pdfSafeText.name, () => {
  it('keeps WinAnsi text, including curly quotes, dashes and the pound sign', () => {
    expect(pdfSafeText('Children’s “services” – £5 • café')).toBe('Children’s “services” – £5 • café');
  });

  it('keeps Latin-1 letters, drops accents it cannot show and replaces other characters with a question mark', () => {
    expect(pdfSafeText('Łódź Ş ≤ 5 ✓ 中')).toBe('Lódz S <= 5 ? ?');
  });
});
