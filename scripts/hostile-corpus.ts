/**
 * The hostile input corpus (issue 16): every kind of file a careless or malicious uploader could send,
 * generated from a valid table so that each file differs from an acceptable one in one way only.
 *
 * `hostileCorpus(base)` builds the files in memory (the medium tests and `bench:hostile` use it with
 * tables that match their own catalogue); run as a script it writes them for the synthetic tables below
 * into test/fixtures/hostile/<target>/ so they can be opened by hand:
 *
 *   npm run build && node dist/scripts/hostile-corpus.js [directory]
 *
 * Nothing here is a hand-made binary: every byte is written by this file (zips by `buildZip`).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { columnLetter } from '../libs/spreadsheets/cell-ref.js';
import { buildZip, type ZipPart } from '../libs/spreadsheets/zip.fixture.js';

export type CorpusCell = string | number | Date | { readonly formula: string; readonly cached: number } | null;

export interface CorpusSheet {
  readonly name: string;
  readonly rows: readonly (readonly CorpusCell[])[];
}

/** A cell of the table: sheet index, 0-based row and column. */
export interface CellAt {
  readonly sheet: number;
  readonly row: number;
  readonly column: number;
}

export interface CorpusBase {
  /** Used in file names: returns, catalogue, fingertips, dfe. */
  readonly target: string;
  /** Which forms the target accepts; the other form's files are still sent (and must be refused). */
  readonly forms: readonly ('xlsx' | 'csv')[];
  readonly sheets: readonly CorpusSheet[];
  /** A cell that holds a number the target reads. */
  readonly numberCell: CellAt;
  /** A cell that holds a code the target looks up. */
  readonly codeCell: CellAt;
  /** A cell of free text the target keeps. */
  readonly textCell: CellAt;
}

/**
 * What the target must do with the file: refuse it with a 4xx naming the file or the cell; parse it
 * (2xx, the same as the valid file would give); or either of the two (the corpus does not decide, e.g.
 * an entity declaration that a parser may ignore) — but never a 5xx, never half of it written.
 */
export type CorpusExpectation = 'refused' | 'parsed' | 'either';

export interface HostileFile {
  readonly kind: string;
  readonly fileName: string;
  /** Built when asked for, so a run holds one large file at a time. */
  content(): Buffer;
  readonly expect: CorpusExpectation;
  /** A parse must store this number for the number cell (numbers typed as text). */
  readonly storedNumber?: number;
  /** A refusal's message must match this (the fix the person needs). */
  readonly message?: RegExp;
}

const MAX_ROWS = 1_048_576;
const MAX_COLUMNS = 16_384;
const MAX_CELL_CHARS = 32_767;

// ---- writing a table as xlsx and csv --------------------------------------------------------------

const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Excel's serial day number (1900 system) of a date. */
const serial = (date: Date): number => date.getTime() / 86_400_000 + 25_569;

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** The XML parts of a workbook holding `sheets`, as Excel lays them out (shared strings, a date style). */
export function workbookParts(sheets: readonly CorpusSheet[]): Map<string, string> {
  const strings: string[] = [];
  const stringIndex = new Map<string, number>();
  const shared = (text: string): number => {
    let index = stringIndex.get(text);
    if (index === undefined) {
      index = strings.push(text) - 1;
      stringIndex.set(text, index);
    }
    return index;
  };
  const parts = new Map<string, string>();
  sheets.forEach((sheet, sheetIndex) => {
    const rows = sheet.rows.map((cells, rowIndex) => {
      const r = rowIndex + 1;
      const xml = cells.map((cell, columnIndex) => {
        const ref = `${columnLetter(columnIndex + 1)}${r}`;
        if (cell === null) return '';
        if (typeof cell === 'number') return `<c r="${ref}"><v>${cell}</v></c>`;
        if (cell instanceof Date) return `<c r="${ref}" s="1"><v>${serial(cell)}</v></c>`;
        if (typeof cell === 'object') return `<c r="${ref}"><f>${escapeXml(cell.formula)}</f><v>${cell.cached}</v></c>`;
        return `<c r="${ref}" t="s"><v>${shared(cell)}</v></c>`;
      });
      return `<row r="${r}">${xml.join('')}</row>`;
    });
    parts.set(
      `xl/worksheets/sheet${sheetIndex + 1}.xml`,
      `${XML_HEAD}<worksheet xmlns="${MAIN}" xmlns:r="${REL}"><sheetData>${rows.join('')}</sheetData></worksheet>`,
    );
  });
  parts.set(
    'xl/sharedStrings.xml',
    `${XML_HEAD}<sst xmlns="${MAIN}" count="${strings.length}" uniqueCount="${strings.length}">${strings
      .map((text) => `<si><t xml:space="preserve">${escapeXml(text)}</t></si>`)
      .join('')}</sst>`,
  );
  parts.set(
    'xl/styles.xml',
    `${XML_HEAD}<styleSheet xmlns="${MAIN}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>` +
      '<fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders>' +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
      '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>',
  );
  parts.set(
    'xl/workbook.xml',
    `${XML_HEAD}<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets>${sheets
      .map((sheet, i) => `<sheet name="${escapeXml(sheet.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
      .join('')}</sheets></workbook>`,
  );
  const rel = (id: string, type: string, target: string) =>
    `<Relationship Id="${id}" Type="${REL}/${type}" Target="${target}"/>`;
  parts.set(
    'xl/_rels/workbook.xml.rels',
    `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${[
      ...sheets.map((_, i) => rel(`rId${i + 1}`, 'worksheet', `worksheets/sheet${i + 1}.xml`)),
      rel(`rId${sheets.length + 1}`, 'sharedStrings', 'sharedStrings.xml'),
      rel(`rId${sheets.length + 2}`, 'styles', 'styles.xml'),
    ].join('')}</Relationships>`,
  );
  parts.set(
    '_rels/.rels',
    `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rel('rId1', 'officeDocument', 'xl/workbook.xml')}</Relationships>`,
  );
  const sheetType = 'application/vnd.openxmlformats-officedocument.spreadsheetml';
  parts.set(
    '[Content_Types].xml',
    `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      `<Override PartName="/xl/workbook.xml" ContentType="${sheetType}.sheet.main+xml"/>` +
      sheets
        .map(
          (_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="${sheetType}.worksheet+xml"/>`,
        )
        .join('') +
      `<Override PartName="/xl/sharedStrings.xml" ContentType="${sheetType}.sharedStrings+xml"/>` +
      `<Override PartName="/xl/styles.xml" ContentType="${sheetType}.styles+xml"/></Types>`,
  );
  return parts;
}

export const zipOf = (parts: ReadonlyMap<string, string | Buffer>, extra: readonly ZipPart[] = []): Buffer =>
  buildZip([...[...parts].map(([name, data]) => ({ name, data: Buffer.from(data) })), ...extra]);

export function xlsxOf(sheets: readonly CorpusSheet[]): Buffer {
  return zipOf(workbookParts(sheets));
}

const csvField = (cell: CorpusCell): string => {
  if (cell === null) return '';
  const text =
    cell instanceof Date
      ? cell.toISOString().slice(0, 10)
      : typeof cell === 'object'
        ? `=${cell.formula}`
        : String(cell);
  return /[",\r\n;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** The first sheet as CSV, as Excel's "CSV UTF-8" writes it (BOM, CRLF) unless told otherwise. */
export function csvOf(
  sheets: readonly CorpusSheet[],
  options: { bom?: boolean; separator?: string; newline?: string } = {},
): string {
  const { bom = true, separator = ',', newline = '\r\n' } = options;
  const lines = sheets[0]!.rows.map((row) => row.map(csvField).join(separator));
  return `${bom ? '\ufeff' : ''}${lines.join(newline)}${newline}`;
}

// ---- the corpus ---------------------------------------------------------------------------------

/** The table with one cell replaced. */
function withCell(sheets: readonly CorpusSheet[], at: CellAt, value: CorpusCell): CorpusSheet[] {
  return sheets.map((sheet, s) =>
    s !== at.sheet
      ? sheet
      : {
          name: sheet.name,
          rows: sheet.rows.map((row, r) => {
            if (r !== at.row) return row;
            const copy = [...row];
            while (copy.length <= at.column) copy.push(null);
            copy[at.column] = value;
            return copy;
          }),
        },
  );
}

const cellText = (sheets: readonly CorpusSheet[], at: CellAt): string =>
  String(sheets[at.sheet]!.rows[at.row]![at.column]);

/** An XML part with a document type declaration after its XML declaration and `reference` just inside its root element. */
function withDoctype(xml: string, root: string, declarations: string, reference: string): string {
  const body = xml.slice(XML_HEAD.length);
  const open = body.indexOf('>', body.indexOf(`<${root}`)) + 1;
  return `${XML_HEAD}<!DOCTYPE ${root} [${declarations}]>${body.slice(0, open)}${reference}${body.slice(open)}`;
}

const BILLION_LAUGHS =
  '<!ENTITY lol "lol">' +
  Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('');
const EXTERNAL_ENTITY = '<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY remote SYSTEM "http://127.0.0.1:9/x">';

const XML_PARTS: readonly [string, string][] = [
  ['xl/sharedStrings.xml', 'sst'],
  ['sheet', 'worksheet'],
  ['xl/workbook.xml', 'workbook'],
  ['[Content_Types].xml', 'Types'],
];

/** The central directory lists `copies` parts that all point at one deflated local part (Fifield's overlapping zip bomb). */
function overlappingZip(copies: number): Buffer {
  const single = buildZip([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(8 * 1024 * 1024, 0x20) }]);
  const centralStart = single.readUInt32LE(single.length - 6);
  const local = single.subarray(0, centralStart);
  const central = single.subarray(centralStart, single.length - 22);
  const centrals = Array.from({ length: copies }, (_, i) => {
    const name = Buffer.from(`xl/worksheets/sheet${i + 1}.xml`);
    const entry = Buffer.concat([central.subarray(0, 46), name]);
    entry.writeUInt16LE(name.length, 28);
    return entry;
  });
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(copies, 8);
  end.writeUInt16LE(copies, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(local.length, 16);
  return Buffer.concat([local, directory, end]);
}

/** A zip of zips, `depth` levels deep, `width` copies at each (42.zip's shape, at a size a test can carry). */
function nestedZip(depth: number, width: number): Buffer {
  let inner = buildZip([{ name: 'zeros.bin', data: Buffer.alloc(4 * 1024 * 1024) }]);
  for (let level = 0; level < depth; level += 1) {
    inner = buildZip(
      Array.from({ length: width }, (_, i) => ({ name: `${level}-${i}.zip`, data: inner, store: true })),
    );
  }
  return inner;
}

/** The header row and `count - 1` rows below it, one cell each, streamed as XML without building a table. */
function tallSheetXml(header: readonly CorpusCell[], count: number): Buffer {
  const head = `${XML_HEAD}<worksheet xmlns="${MAIN}"><sheetData><row r="1">${header
    .map((cell, i) =>
      typeof cell === 'string'
        ? `<c r="${columnLetter(i + 1)}1" t="inlineStr"><is><t>${escapeXml(cell)}</t></is></c>`
        : '',
    )
    .join('')}</row>`;
  const chunks: string[] = [head];
  for (let r = 2; r <= count; r += 1) chunks.push(`<row r="${r}"><c r="A${r}"><v>${r}</v></c></row>`);
  chunks.push('</sheetData></worksheet>');
  return Buffer.from(chunks.join(''));
}

/** Every hostile file for one target, each built from the valid table in `base`. */
export function hostileCorpus(base: CorpusBase): HostileFile[] {
  const files: HostileFile[] = [];
  const acceptsXlsx = base.forms.includes('xlsx');
  const acceptsCsv = base.forms.includes('csv');
  const add = (
    kind: string,
    extension: string,
    build: () => Buffer | string,
    expect: CorpusExpectation,
    more: Pick<HostileFile, 'storedNumber' | 'message'> = {},
  ) =>
    files.push({
      kind,
      fileName: `${base.target}-${kind}.${extension}`,
      content: () => Buffer.from(build()),
      expect,
      storedNumber: more.storedNumber,
      // A target that does not read this form refuses it for its form, before reading it.
      message: (extension === 'xlsx' ? acceptsXlsx : acceptsCsv) ? more.message : undefined,
    });
  const sheets = base.sheets;
  const parts = workbookParts(sheets);
  const valid = zipOf(parts);
  const number = Number(cellText(sheets, base.numberCell));
  const code = cellText(sheets, base.codeCell);
  const header = sheets[base.codeCell.sheet]!.rows[0]!;
  const thousands = number.toLocaleString('en-GB');
  // Sheet-level kinds go in the sheet the target reads: a reader that skips a sheet never opens it.
  const readSheet = `xl/worksheets/sheet${base.numberCell.sheet + 1}.xml`;

  // -- whatever the target reads
  add('empty', acceptsXlsx ? 'xlsx' : 'csv', () => Buffer.alloc(0), 'refused', { message: /is empty/ });
  add(
    'renamed-txt',
    acceptsXlsx ? 'xlsx' : 'csv',
    () => 'This is a letter, not a spreadsheet.\n',
    acceptsXlsx ? 'refused' : 'either',
  );
  add(
    'xls-compound-file',
    'xlsx',
    () => Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(504)]),
    'refused',
    {
      message: /\.xls|password/,
    },
  );
  add(
    'xlsm-renamed',
    'xlsx',
    () => zipOf(parts, [{ name: 'xl/vbaProject.bin', data: Buffer.from('macro') }]),
    'refused',
    {
      message: /macro/,
    },
  );
  add(
    'ods-renamed',
    'xlsx',
    () =>
      buildZip([
        { name: 'mimetype', data: Buffer.from('application/vnd.oasis.opendocument.spreadsheet'), store: true },
        { name: 'content.xml', data: Buffer.from(`${XML_HEAD}<office:document-content/>`) },
        { name: 'META-INF/manifest.xml', data: Buffer.from(`${XML_HEAD}<manifest:manifest/>`) },
      ]),
    'refused',
    { message: /OpenDocument/ },
  );
  add(
    'numbers-renamed',
    'xlsx',
    () =>
      buildZip([
        { name: 'Index/Document.iwa', data: Buffer.from([0, 1, 2, 3]) },
        { name: 'Metadata/Properties.plist', data: Buffer.from('bplist00') },
      ]),
    'refused',
    { message: /Numbers/ },
  );
  add('xlsx-named-csv', 'csv', () => valid, 'refused');

  // -- zips
  add('valid', 'xlsx', () => valid, acceptsXlsx ? 'parsed' : 'refused');
  add(
    'zip-bomb-wide',
    'xlsx',
    () =>
      zipOf(
        parts,
        Array.from({ length: 850 }, (_, i) => ({ name: `xl/media/zeros${i}.bin`, data: Buffer.alloc(512 * 1024) })),
      ),
    'refused',
    { message: /zip bomb|parts/ },
  );
  add(
    'zip-bomb-deep-part',
    'xlsx',
    () =>
      zipOf(new Map([...parts].filter(([name]) => name !== 'xl/worksheets/sheet1.xml')), [
        { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(24 * 1024 * 1024, 0x20) },
      ]),
    'refused',
    { message: /zip bomb/ },
  );
  add(
    'zip-bomb-lying-size',
    'xlsx',
    () => {
      const sheet = readSheet;
      return zipOf(new Map([...parts].filter(([name]) => name !== sheet)), [
        {
          name: sheet,
          data: Buffer.from(parts.get(sheet)!.replace('<sheetData>', `<sheetData>${' '.repeat(16 * 1024 * 1024)}`)),
          declaredUncompressedSize: 64 * 1024,
        },
      ]);
    },
    'refused',
    { message: /zip bomb/ },
  );
  add('zip-bomb-overlapping', 'xlsx', () => overlappingZip(400), 'refused');
  add(
    'zip-bomb-nested',
    'xlsx',
    () => zipOf(parts, [{ name: 'xl/embeddings/nested.zip', data: nestedZip(3, 8), store: true }]),
    acceptsXlsx ? 'either' : 'refused',
  );
  add('zip-truncated-half', 'xlsx', () => valid.subarray(0, Math.floor(valid.length / 2)), 'refused');
  add('zip-truncated-end', 'xlsx', () => valid.subarray(0, valid.length - 10), 'refused');
  add('zip-garbage', 'xlsx', () => Buffer.concat([valid.subarray(0, 4), Buffer.alloc(4096, 0x5a)]), 'refused');
  add(
    'zip-dotdot-entry',
    'xlsx',
    () => zipOf(parts, [{ name: '../../../../tmp/evil.xml', data: Buffer.from('<x/>') }]),
    acceptsXlsx ? 'either' : 'refused',
  );
  add(
    'zip-absolute-entry',
    'xlsx',
    () => zipOf(parts, [{ name: '/etc/cron.d/evil', data: Buffer.from('* * * * * root true') }]),
    acceptsXlsx ? 'either' : 'refused',
  );

  // The rest of the workbook kinds only for targets that read workbooks: the others refuse any zip unread.
  if (acceptsXlsx) {
    // -- XML parts
    for (const [partName, root] of XML_PARTS) {
      const part = partName === 'sheet' ? readSheet : partName;
      const short = partName.replace(/^xl\/|\.xml$/g, '').replace(/[[\]]/g, '');
      for (const [name, declarations, reference] of [
        ['billion-laughs', BILLION_LAUGHS, '&lol9;'],
        ['xxe', EXTERNAL_ENTITY, '&xxe;&remote;'],
      ] as const) {
        const hostile = new Map(parts).set(part, withDoctype(parts.get(part)!, root, declarations, reference));
        add(`${name}-${short.toLowerCase()}`, 'xlsx', () => zipOf(hostile), acceptsXlsx ? 'either' : 'refused');
      }
    }
    add(
      'xml-malformed-sheet',
      'xlsx',
      () => zipOf(new Map(parts).set(readSheet, parts.get(readSheet)!.replace('</row>', '</rwo>'))),
      'refused',
    );

    // -- sizes
    add(
      'rows-1048576-sparse',
      'xlsx',
      () =>
        zipOf(
          new Map(parts).set(
            readSheet,
            parts
              .get(readSheet)!
              .replace('</sheetData>', `<row r="${MAX_ROWS}"><c r="XFD${MAX_ROWS}"><v>1</v></c></row></sheetData>`),
          ),
        ),
      'either',
    );
    add(
      'rows-1048576-dense',
      'xlsx',
      () =>
        buildZip([
          ...[...parts]
            .filter(([name]) => name !== readSheet)
            .map(([name, data]) => ({ name, data: Buffer.from(data) })),
          { name: readSheet, data: tallSheetXml(sheets[base.numberCell.sheet]!.rows[0]!, MAX_ROWS) },
        ]),
      'refused',
      { message: /rows/ },
    );
    const wide = [...header, ...Array.from({ length: MAX_COLUMNS - header.length }, (_, i) => `Extra ${i + 1}`)];
    add(
      'columns-16384',
      'xlsx',
      () => xlsxOf(sheets.map((s, i) => (i === base.codeCell.sheet ? { ...s, rows: [wide, ...s.rows.slice(1)] } : s))),
      acceptsXlsx ? 'either' : 'refused',
    );
    add(
      'cell-32767-chars',
      'xlsx',
      () => xlsxOf(withCell(sheets, base.textCell, 'x'.repeat(MAX_CELL_CHARS))),
      acceptsXlsx ? 'either' : 'refused',
    );

    // -- what people type
    add(
      'formula-with-cached-result',
      'xlsx',
      () => xlsxOf(withCell(sheets, base.numberCell, { formula: `${number}*1`, cached: number })),
      'refused',
      {
        message: /formula/i,
      },
    );
    add(
      'date-for-number',
      'xlsx',
      () => xlsxOf(withCell(sheets, base.numberCell, new Date(Date.UTC(2024, 5, 30)))),
      'refused',
      {
        message: /date/,
      },
    );
    add(
      'number-as-text-thousands',
      'xlsx',
      () => xlsxOf(withCell(sheets, base.numberCell, thousands)),
      acceptsXlsx ? 'parsed' : 'refused',
      {
        storedNumber: number,
      },
    );
    add(
      'number-as-text-nbsp-padded',
      'xlsx',
      () => xlsxOf(withCell(sheets, base.numberCell, `\u00a0${number}\u00a0`)),
      acceptsXlsx ? 'parsed' : 'refused',
      {
        storedNumber: number,
      },
    );
    add('number-nbsp-thousands', 'xlsx', () => xlsxOf(withCell(sheets, base.numberCell, `1\u00a0234`)), 'refused');
    // Cyrillic А (U+0410) for Latin A, a non-breaking hyphen for '-', a zero-width space.
    const lookalike = code.replace(/A/, '\u0410').replace(/-/, '\u2011');
    add(
      'code-lookalikes',
      'xlsx',
      () => xlsxOf(withCell(sheets, base.codeCell, lookalike === code ? `\u0410${code}` : lookalike)),
      'refused',
      {
        message: /U\+(0410|2011)/,
      },
    );
    add(
      'code-zero-width',
      'xlsx',
      () => xlsxOf(withCell(sheets, base.codeCell, `${code.slice(0, 2)}\u200b${code.slice(2)}`)),
      'refused',
      {
        message: /U\+200B/,
      },
    );
  }

  // -- CSV
  const csv = csvOf(sheets);
  const plain = csvOf(sheets, { bom: false });
  add('csv-utf8-bom', 'csv', () => csv, acceptsCsv ? 'parsed' : 'refused');
  add(
    'csv-utf8-no-bom-lf',
    'csv',
    () => csvOf(sheets, { bom: false, newline: '\n' }),
    acceptsCsv ? 'parsed' : 'refused',
  );
  add(
    'csv-utf16le-bom',
    'csv',
    () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(plain, 'utf16le')]),
    'refused',
    {
      message: /UTF-16.*CSV UTF-8/,
    },
  );
  // The rest only for targets that read CSV: the others refuse any CSV unread.
  if (!acceptsCsv) return files;
  add('csv-utf16be-bom', 'csv', () => Buffer.from(Buffer.from(`\ufeff${plain}`, 'utf16le').swap16()), 'refused', {
    message: /UTF-16/,
  });
  add('csv-utf16le-no-bom', 'csv', () => Buffer.from(plain, 'utf16le'), 'refused', { message: /UTF-16/ });
  add(
    'csv-windows-1252',
    'csv',
    () => Buffer.from(csvOf(withCell(sheets, base.textCell, 'Cost £5'), { bom: false }), 'latin1'),
    'refused',
    {
      message: /UTF-8/,
    },
  );
  add('csv-semicolons', 'csv', () => csvOf(sheets, { separator: ';' }), 'refused', { message: /semicolon/ });
  add('csv-tabs', 'csv', () => csvOf(sheets, { separator: '\t' }), 'refused', { message: /tab/ });
  add(
    'csv-quoted-newlines',
    'csv',
    () => csvOf(withCell(sheets, base.textCell, 'Line one\nline two, "quoted"\r\nline three')),
    acceptsCsv ? 'parsed' : 'refused',
  );
  add('csv-bom-only', 'csv', () => '\ufeff', 'refused', { message: /empty/ });
  add('csv-blank-lines-only', 'csv', () => '\r\n\r\n\n', 'refused', { message: /empty/ });
  add('csv-unclosed-quote', 'csv', () => `${csv}"never closed,1,2\r\n`, 'refused', { message: /never closed/ });
  add(
    'csv-formula-for-number',
    'csv',
    () => csvOf(withCell(sheets, base.numberCell, { formula: '1+1', cached: 2 })),
    'refused',
  );
  add(
    'csv-number-as-text-thousands',
    'csv',
    () => csvOf(withCell(sheets, base.numberCell, thousands)),
    acceptsCsv ? 'parsed' : 'refused',
    {
      storedNumber: number,
    },
  );
  add(
    'csv-code-zero-width',
    'csv',
    () => csvOf(withCell(sheets, base.codeCell, `${code.slice(0, 2)}\u200b${code.slice(2)}`)),
    'refused',
    {
      message: /U\+200B/,
    },
  );
  add(
    'csv-cell-32767-chars',
    'csv',
    () => csvOf(withCell(sheets, base.textCell, 'y'.repeat(MAX_CELL_CHARS))),
    acceptsCsv ? 'either' : 'refused',
  );
  add(
    'csv-columns-16384',
    'csv',
    () =>
      `${[...header.map(csvField), ...Array.from({ length: MAX_COLUMNS - header.length }, (_, i) => `Extra ${i + 1}`)].join(',')}\r\n${csv.split('\r\n').slice(1).join('\r\n')}`,
    acceptsCsv ? 'either' : 'refused',
  );
  add(
    'csv-rows-1048576',
    'csv',
    () => `${csv}${Array.from({ length: MAX_ROWS }, (_, i) => `${i}\r\n`).join('')}`,
    'refused',
    {
      message: /rows/,
    },
  );
  return files;
}

// ---- the synthetic tables the script writes out ---------------------------------------------------

const RETURN_HEADER = [
  'Indicator code',
  'Indicator',
  'Area code',
  'Area',
  'Period',
  'Unit',
  'Value',
  'Numerator',
  'Denominator',
  'Status',
  'Commentary',
];

export const SYNTHETIC_BASES: readonly CorpusBase[] = [
  {
    target: 'returns',
    forms: ['xlsx', 'csv'],
    sheets: [
      {
        name: 'Returns',
        rows: [
          RETURN_HEADER,
          [
            'EY-PCT',
            'Good level of development',
            'E10000019',
            'Lincolnshire',
            null,
            null,
            72.5,
            null,
            null,
            'actual',
            'On track',
          ],
          ['EY-CNT', 'Children seen', 'E10000019', 'Lincolnshire', null, null, 1234, null, null, 'actual', null],
        ],
      },
    ],
    numberCell: { sheet: 0, row: 2, column: 6 },
    codeCell: { sheet: 0, row: 1, column: 0 },
    textCell: { sheet: 0, row: 1, column: 10 },
  },
  {
    target: 'fingertips',
    forms: ['csv'],
    sheets: [
      {
        name: 'fingertips',
        rows: [
          [
            'Indicator ID',
            'Indicator Name',
            'Parent Code',
            'Parent Name',
            'Area Code',
            'Area Name',
            'Area Type',
            'Sex',
            'Age',
            'Category Type',
            'Category',
            'Time period',
            'Value',
            'Lower CI 95.0 limit',
            'Upper CI 95.0 limit',
            'Lower CI 99.8 limit',
            'Upper CI 99.8 limit',
            'Count',
            'Denominator',
            'Value note',
          ],
          [
            '93356',
            'Campylobacter',
            'E92000001',
            'England',
            'E10000019',
            'Lincolnshire',
            'Counties & UAs',
            'Persons',
            'All ages',
            null,
            null,
            '2015',
            1234,
            null,
            null,
            null,
            null,
            801,
            736665,
            null,
          ],
        ],
      },
    ],
    numberCell: { sheet: 0, row: 1, column: 12 },
    codeCell: { sheet: 0, row: 1, column: 4 },
    textCell: { sheet: 0, row: 1, column: 19 },
  },
];

async function main(): Promise<void> {
  const directory = path.resolve(process.argv[2] ?? 'test/fixtures/hostile');
  let count = 0;
  for (const base of SYNTHETIC_BASES) {
    await mkdir(path.join(directory, base.target), { recursive: true });
    for (const file of hostileCorpus(base)) {
      await writeFile(path.join(directory, base.target, file.fileName), file.content());
      count += 1;
    }
  }
  console.log(`${count} files in ${directory}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
