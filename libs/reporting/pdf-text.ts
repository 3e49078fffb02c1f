/**
 * Text for PDFKit's built-in Helvetica, which only has the WinAnsi (Windows-1252) glyphs. PDFKit does not
 * check: a character outside the set is written as a broken code. Accented letters lose their accent
 * (NFKD), a few look-alikes are mapped, and anything else becomes "?", so user text can never corrupt a page.
 */
const WIN_ANSI_EXTRAS = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';

const LOOK_ALIKES: Readonly<Record<string, string>> = {
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  ı: 'i',
  '‐': '-',
  '‑': '-',
  '‒': '–',
  '−': '-',
  '≤': '<=',
  '≥': '>=',
  '≠': '!=',
  '→': '->',
  '←': '<-',
  '…': '…',
  '\u2009': ' ',
  '\u202f': ' ',
  '\u200b': '',
};

function isWinAnsi(ch: string): boolean {
  const code = ch.codePointAt(0)!;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRAS.includes(ch);
}

export function pdfSafeText(value: string): string {
  let out = '';
  for (const ch of value.replace(/\r\n?/g, '\n').replace(/\t/g, ' ')) {
    if (ch === '\n' || isWinAnsi(ch)) {
      out += ch;
      continue;
    }
    if (ch in LOOK_ALIKES) {
      out += LOOK_ALIKES[ch];
      continue;
    }
    const stripped = ch.normalize('NFKD').replace(/\p{M}/gu, '');
    out += [...stripped].every(isWinAnsi) && stripped.length > 0 ? stripped : '?';
  }
  return out;
}
