import { describe, expect, it } from 'vitest';
import { safeCellText } from './safe-cell-text.js';

describe(safeCellText.name, () => {
  it.each(['=HYPERLINK("http://x","y")', '+1+2', '-2+3', '@SUM(A1)', '\t=1', '\r=1'])(
    'neutralises %j with a leading quote',
    (text) => {
      expect(safeCellText(text)).toBe(`'${text}`);
    },
  );

  it('leaves ordinary text alone', () => {
    expect(safeCellText('Rising because of a new team. =good')).toBe('Rising because of a new team. =good');
  });

  it('passes null through', () => {
    expect(safeCellText(null)).toBeNull();
  });
});
