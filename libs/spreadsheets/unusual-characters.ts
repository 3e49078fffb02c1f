/**
 * Codes are plain ASCII, but text pasted from Word, a web page or a PDF brings characters that look
 * the same: a non-breaking hyphen for `-`, a Cyrillic `А` for `A`, or a zero-width space that cannot
 * be seen at all. "'EY‑PCT' is not an indicator code" is then a riddle; this says which character it is.
 */
const NAMES: Readonly<Record<number, string>> = {
  0x00a0: 'NO-BREAK SPACE',
  0x00ad: 'SOFT HYPHEN',
  0x2010: 'HYPHEN',
  0x2011: 'NON-BREAKING HYPHEN',
  0x2012: 'FIGURE DASH',
  0x2013: 'EN DASH',
  0x2014: 'EM DASH',
  0x2212: 'MINUS SIGN',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x2060: 'WORD JOINER',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE',
  0x202f: 'NARROW NO-BREAK SPACE',
};

const INVISIBLE = new Set([0x00ad, 0x200b, 0x200c, 0x200d, 0x2060, 0xfeff]);

function describe(codePoint: number): string {
  const hex = `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
  const name = NAMES[codePoint];
  if (name) return `${hex} ${name}${INVISIBLE.has(codePoint) ? ', which cannot be seen' : ''}`;
  if (codePoint >= 0x0400 && codePoint <= 0x04ff) return `${hex}, a Cyrillic letter that looks like a Latin one`;
  if (codePoint >= 0x0370 && codePoint <= 0x03ff) return `${hex}, a Greek letter that looks like a Latin one`;
  if (codePoint >= 0xff01 && codePoint <= 0xff5e) return `${hex}, a full-width character`;
  return hex;
}

/**
 * `` when `text` is printable ASCII; otherwise a clause naming the first characters that are not,
 * with their positions, to append to a message about a code: " (character 3 is U+200B ZERO WIDTH
 * SPACE, which cannot be seen; type the code again)".
 */
export function unusualCharacters(text: string): string {
  const found: string[] = [];
  let position = 0;
  for (const character of text) {
    position += 1;
    const codePoint = character.codePointAt(0)!;
    if (codePoint >= 0x20 && codePoint < 0x7f) continue;
    found.push(`character ${position} is ${describe(codePoint)}`);
    if (found.length === 3) break;
  }
  return found.length ? ` (${found.join('; ')}; type the code again)` : '';
}
