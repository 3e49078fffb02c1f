import { describe, expect, it } from 'vitest';
import { unusualCharacters } from './unusual-characters.js';

describe(unusualCharacters.name, () => {
  it('says nothing of plain ASCII', () => {
    expect(unusualCharacters('EY-PCT_2.1')).toBe('');
  });

  it('names an invisible zero-width space and where it is', () => {
    expect(unusualCharacters('EY\u200b-PCT')).toBe(
      ' (character 3 is U+200B ZERO WIDTH SPACE, which cannot be seen; type the code again)',
    );
  });

  it('names look-alike letters and dashes, up to three', () => {
    expect(unusualCharacters('\u0410\u2011\u0391\u2013x')).toBe(
      ' (character 1 is U+0410, a Cyrillic letter that looks like a Latin one; character 2 is U+2011 NON-BREAKING HYPHEN;' +
        ' character 3 is U+0391, a Greek letter that looks like a Latin one; type the code again)',
    );
  });
});
