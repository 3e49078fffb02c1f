/**
 * The report as a board paper (PDF, A4 landscape) with PDFKit: cover, "How to read this report", summary
 * with the RAG chart, exceptions with owners' commentary, then a section per priority with a table and the
 * trend charts two to a row. Running header and "Page n of N" on every page.
 *
 * Accessibility (as far as PDFKit allows): PDF 1.7, tagged, document language en-GB, title shown in the
 * viewer's title bar, headings / paragraphs / tables (TH, TD) / figures with alternative text in the
 * structure tree; rules, fills, running headers and repeated table headers are artifacts.
 *
 * Tables never cut text off: every row is measured before it is drawn, moves whole to the next page when it
 * does not fit, and the header row is repeated there.
 */
import PDFDocument from 'pdfkit';
import { pngSize } from './png.js';
import {
  CONCERN_SWATCH,
  HEADER_FILL,
  POSITIVE_SWATCH,
  RAG_SWATCHES,
  RULE_COLOUR,
  SECONDARY_TEXT_COLOUR,
  TEXT_COLOUR,
  type Swatch,
} from './palette.js';
import { pdfSafeText } from './pdf-text.js';
import type { ReportCharts } from './report-charts.js';
import type { ExceptionItem, ReportModel, ReportPriority, ReturnsCompleteness, TargetRow } from './report-model.js';
import {
  EXCEPTION_KIND_LABELS,
  EXCEPTION_STATUS_LABELS,
  HOW_TO_READ,
  REPORT_TYPE_LABELS,
  classificationMarking,
  dataCutText,
  exceptionSentiment,
  formatDate,
  formatDateTime,
  formatShortDate,
  formatValue,
  latestText,
  missingCommentaryText,
  orderExceptions,
  priorityHeading,
  ragText,
} from './report-text.js';

type Doc = PDFKit.PDFDocument;
type Struct = PDFKit.PDFStructureElement;
type ImageSrc = Parameters<Doc['image']>[0];
/** PDFKit's structure element keeps its PDF dictionary here; the typings leave it out. */
type StructWithDictionary = { dictionary: { data: Record<string, unknown> } };

const FONT = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const MARGINS = { top: 56, bottom: 48, left: 40, right: 40 };
const GAP = 12;

export interface PdfColumn {
  readonly header: string;
  /** Points. */
  readonly width: number;
}

export interface PdfCell {
  readonly text: string;
  readonly bold?: boolean;
  /** Filled background with its contrasting text colour; the text must still say what the colour means. */
  readonly swatch?: Swatch;
}

interface SectionStart {
  readonly title: string;
  readonly destination: string;
  /** Where the contents line is on the cover, to add its page number at the end. */
  readonly y: number;
  page: number;
}

function headerRow(columns: readonly PdfColumn[]): PdfCell[] {
  return columns.map((c) => ({ text: c.header, bold: true }));
}

/** The PDF's metadata title goes into XMP unescaped by PDFKit 0.20, so "&" or "<" would break that XML. */
function metadataText(value: string): string {
  return pdfSafeText(value).replace(/&/g, 'and').replace(/[<>]/g, '');
}

/**
 * With bufferPages (needed for "Page n of N" and the contents' page numbers) PDFKit holds every page's
 * content until the end as one small Uint8Array per drawing operation: about 325,000 of them, some 65 MB of
 * heap, for a 500-target scorecard (bench/reports.bench.ts). When a page is added, the previous page's
 * operations are joined into one buffer of the same bytes; later writes (headers, footers) still append.
 * This reaches into PDFKit's internals, so it changes nothing unless they are as expected (0.20).
 */
export function joinFinishedPageContent(doc: Doc): void {
  const pages = (doc as unknown as { _pageBuffer?: unknown })._pageBuffer;
  if (!Array.isArray(pages) || pages.length < 2) return;
  const content = (pages[pages.length - 2] as { content?: { buffer?: unknown } }).content;
  const chunks = content?.buffer;
  if (!Array.isArray(chunks) || chunks.length < 2 || !chunks.every((chunk) => chunk instanceof Uint8Array)) return;
  content!.buffer = [Buffer.concat(chunks)];
}

class PdfReportWriter {
  private readonly doc: Doc;
  private readonly root: Struct;
  private readonly sections: SectionStart[] = [];
  private readonly chunks: Buffer[] = [];
  private readonly done: Promise<Buffer>;
  /**
   * Each chart opened once: PDFKit caches images by path only, so drawing the same Buffer again (a target's
   * chart beside each of its exceptions and in its priority's section) would embed its pixels again each time.
   */
  private readonly images = new Map<Buffer, ImageSrc>();

  constructor(
    private readonly model: ReportModel,
    private readonly charts: ReportCharts,
  ) {
    const at = new Date(model.generatedAt);
    this.doc = new PDFDocument({
      size: 'A4',
      layout: 'landscape',
      margins: MARGINS,
      autoFirstPage: false,
      bufferPages: true,
      pdfVersion: '1.7',
      tagged: true,
      lang: 'en-GB',
      displayTitle: true,
      info: {
        Title: metadataText(`${model.title}: ${model.period.label}`),
        Author: 'CYPP Scorecard',
        Subject: metadataText(`${REPORT_TYPE_LABELS[model.type]} for ${model.audience}`),
        Keywords: classificationMarking(model),
        Creator: 'CYPP Scorecard',
        Producer: 'CYPP Scorecard (PDFKit)',
        CreationDate: at,
        ModDate: at,
      },
    });
    this.doc.on('pageAdded', () => joinFinishedPageContent(this.doc));
    this.doc.on('data', (chunk: Buffer) => this.chunks.push(chunk));
    this.done = new Promise((resolve, reject) => {
      this.doc.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.doc.on('error', reject);
    });
    this.root = this.doc.struct('Document');
    this.doc.addStructure(this.root);
  }

  async render(): Promise<Buffer> {
    this.cover();
    this.howToRead();
    this.summary();
    this.exceptions();
    for (const priority of this.model.priorities) this.priority(priority);
    this.contentsPageNumbers();
    this.runningHeadersAndFooters();
    this.root.end();
    this.doc.end();
    return this.done;
  }

  // ---------------------------------------------------------------- layout helpers

  private get contentWidth(): number {
    return this.doc.page.width - MARGINS.left - MARGINS.right;
  }

  /** Two charts a row: about 369 pt wide on A4 landscape. */
  private get chartCellWidth(): number {
    return (this.contentWidth - GAP * 2) / 2;
  }

  private get bottom(): number {
    return this.doc.page.height - MARGINS.bottom;
  }

  private get contentHeight(): number {
    return this.doc.page.height - MARGINS.top - MARGINS.bottom;
  }

  /** Index of the page being written: always the last, since headers and footers are drawn at the end. */
  private pageIndex(): number {
    const range = this.doc.bufferedPageRange();
    return range.start + range.count - 1;
  }

  private newPage(): void {
    this.doc.addPage();
    this.doc.x = MARGINS.left;
    this.doc.y = MARGINS.top;
  }

  /** Starts a new page unless `height` points still fit on this one. */
  private ensureSpace(height: number): void {
    if (this.doc.y + height > this.bottom) this.newPage();
  }

  private artifact(draw: () => void): void {
    this.doc.markContent('Artifact');
    draw();
    this.doc.endMarkedContent();
  }

  private font(bold: boolean, size: number, colour: string = TEXT_COLOUR): Doc {
    return this.doc
      .font(bold ? BOLD : FONT)
      .fontSize(size)
      .fillColor(colour);
  }

  private textHeight(value: string, width: number, bold: boolean, size: number, lineGap = 1): number {
    this.font(bold, size);
    return this.doc.heightOfString(pdfSafeText(value), { width, lineGap });
  }

  /** A tagged block of text at the current position, flowing onto new pages if it must. */
  private block(
    parent: Struct,
    tag: string,
    value: string,
    options: { bold?: boolean; size?: number; colour?: string; x?: number; width?: number; gapAfter?: number } = {},
  ): void {
    const size = options.size ?? 10;
    const x = options.x ?? MARGINS.left;
    const width = options.width ?? this.contentWidth;
    const y = this.doc.y;
    parent.add(
      this.doc.struct(tag, {}, () => {
        this.font(options.bold ?? false, size, options.colour);
        this.doc.text(pdfSafeText(value), x, y, { width, lineGap: 1 });
      }),
    );
    this.doc.x = MARGINS.left;
    this.doc.y += options.gapAfter ?? 4;
  }

  private heading(parent: Struct, level: 1 | 2 | 3, value: string, keepWith = 60): void {
    const size = level === 1 ? 20 : level === 2 ? 14 : 11.5;
    const height = this.textHeight(value, this.contentWidth, true, size);
    this.ensureSpace(height + keepWith);
    if (level > 1 && this.doc.y > MARGINS.top) this.doc.y += level === 2 ? 8 : 4;
    this.block(parent, `H${level}`, value, { bold: true, size, gapAfter: level === 1 ? 10 : 6 });
  }

  /** Starts a top-level section on a new page, with a bookmark and a named destination for the contents. */
  private section(title: string, destination: string): Struct {
    this.newPage();
    const sect = this.doc.struct('Sect');
    this.root.add(sect);
    this.doc.addNamedDestination(destination);
    this.doc.outline.addItem(pdfSafeText(title));
    const start = this.sections.find((s) => s.destination === destination);
    if (start) start.page = this.pageIndex();
    this.heading(sect, 1, title);
    return sect;
  }

  private tag(swatch: Swatch, label: string, x: number, y: number): number {
    this.font(true, 8.5);
    const width = this.doc.widthOfString(label) + 10;
    this.artifact(() => {
      this.doc.rect(x, y - 1, width, 13).fill(swatch.fill);
    });
    return width;
  }

  // ---------------------------------------------------------------- tables

  private rowHeight(
    columns: readonly PdfColumn[],
    cells: readonly PdfCell[],
    fontSize: number,
    padding: number,
  ): number {
    return (
      Math.max(
        ...cells.map((cell, i) =>
          this.textHeight(cell.text, columns[i]!.width - 2 * padding, cell.bold ?? false, fontSize),
        ),
      ) +
      2 * padding
    );
  }

  /** Height of a whole table drawn on one page, for keeping it with what comes before it. */
  private tableHeight(columns: readonly PdfColumn[], rows: readonly PdfCell[][], fontSize = 8.5, padding = 4): number {
    return [headerRow(columns), ...rows].reduce(
      (sum, cells) => sum + this.rowHeight(columns, cells, fontSize, padding),
      0,
    );
  }

  /**
   * Draws a tagged table. Each row is measured first; a row that does not fit moves whole to the next page,
   * where the header row is drawn again (as an artifact, so assistive technology reads it once).
   */
  private table(
    parent: Struct,
    columns: readonly PdfColumn[],
    rows: readonly PdfCell[][],
    fontSize = 8.5,
    padding = 4,
  ): void {
    const doc = this.doc;
    const table = doc.struct('Table');
    parent.add(table);
    const headerCells = headerRow(columns);
    const measure = (cells: readonly PdfCell[]) => this.rowHeight(columns, cells, fontSize, padding);
    const headerHeight = measure(headerCells);
    const maxRowHeight = this.contentHeight - headerHeight;

    const drawRow = (cells: readonly PdfCell[], height: number, header: boolean, tagged: boolean) => {
      const y = doc.y;
      let x = MARGINS.left;
      this.artifact(() => {
        let fx = MARGINS.left;
        cells.forEach((cell, i) => {
          const w = columns[i]!.width;
          const fill = header ? HEADER_FILL : cell.swatch?.fill;
          if (fill) doc.rect(fx, y, w, height).fill(fill);
          fx += w;
        });
        doc
          .moveTo(MARGINS.left, y + height)
          .lineTo(MARGINS.left + columns.reduce((a, c) => a + c.width, 0), y + height)
          .lineWidth(header ? 1 : 0.5)
          .strokeColor(header ? TEXT_COLOUR : RULE_COLOUR)
          .stroke();
      });
      const drawCellText = (cell: PdfCell, i: number, cx: number) => () => {
        this.font(cell.bold ?? header, fontSize, cell.swatch?.text ?? TEXT_COLOUR);
        doc.text(pdfSafeText(cell.text), cx + padding, y + padding, {
          width: columns[i]!.width - 2 * padding,
          height: height - 2 * padding + 0.5,
          ellipsis: true,
          lineGap: 1,
        });
      };
      if (tagged) {
        const tr = doc.struct('TR');
        table.add(tr);
        cells.forEach((cell, i) => {
          const cellStruct = doc.struct(header ? 'TH' : 'TD', {}, drawCellText(cell, i, x));
          // Column headers say so, as PDF/UA asks (ISO 32000-1 14.8.5.7, table attributes).
          if (header)
            (cellStruct as unknown as StructWithDictionary).dictionary.data.A = { O: 'Table', Scope: 'Column' };
          tr.add(cellStruct);
          x += columns[i]!.width;
        });
        tr.end();
      } else {
        this.artifact(() => {
          cells.forEach((cell, i) => {
            drawCellText(cell, i, x)();
            x += columns[i]!.width;
          });
        });
      }
      doc.x = MARGINS.left;
      doc.y = y + height;
    };

    const firstRowHeight = rows.length ? Math.min(measure(rows[0]!), maxRowHeight) : 0;
    this.ensureSpace(headerHeight + firstRowHeight);
    drawRow(headerCells, headerHeight, true, true);
    for (const cells of rows) {
      const height = Math.min(measure(cells), maxRowHeight);
      if (doc.y + height > this.bottom) {
        this.newPage();
        drawRow(headerCells, headerHeight, true, false);
      }
      drawRow(cells, height, false, true);
    }
    table.end();
    doc.y += GAP;
  }

  // ---------------------------------------------------------------- sections

  private cover(): void {
    const { model, doc } = this;
    this.newPage();
    const sect = doc.struct('Sect');
    this.root.add(sect);
    doc.outline.addItem('Cover');
    if (model.confidential) {
      const y = doc.y;
      this.artifact(() => doc.rect(MARGINS.left, y, this.contentWidth, 30).fill('#D4351C'));
      doc.y = y + 8;
      this.block(sect, 'P', `${classificationMarking(model)}: not for onward circulation`, {
        bold: true,
        size: 12,
        colour: '#FFFFFF',
        x: MARGINS.left + 10,
        width: this.contentWidth - 20,
      });
      doc.y = y + 48;
    } else {
      doc.y += 30;
    }
    this.block(sect, 'P', REPORT_TYPE_LABELS[model.type], { size: 14, colour: SECONDARY_TEXT_COLOUR, gapAfter: 6 });
    this.block(sect, 'H1', model.title, { bold: true, size: 28, gapAfter: 18 });
    const details: [string, string][] = [
      ['For', model.audience],
      ['Period', `${model.period.label} (${formatDate(model.period.start)} to ${formatDate(model.period.end)})`],
      ['Generated', formatDateTime(model.generatedAt)],
      ['Data cut', dataCutText(model)],
    ];
    for (const [label, value] of details) {
      const y = doc.y;
      sect.add(
        doc.struct('P', {}, () => {
          this.font(true, 12).text(`${label}: `, MARGINS.left, y, { width: 100 });
          this.font(false, 12).text(pdfSafeText(value), MARGINS.left + 100, y, { width: this.contentWidth - 100 });
        }),
      );
      doc.x = MARGINS.left;
      doc.y += 6;
    }

    doc.y += 18;
    this.block(sect, 'H2', 'Contents', { bold: true, size: 14, gapAfter: 6 });
    const entries = [
      { title: 'How to read this report', destination: 'how-to-read' },
      { title: 'Summary', destination: 'summary' },
      { title: `Exceptions (${model.exceptions.length})`, destination: 'exceptions' },
      ...model.priorities.map((p, i) => ({ title: `${p.code} ${p.title}`, destination: `priority-${i}` })),
    ];
    const list = doc.struct('L');
    sect.add(list);
    for (const entry of entries) {
      const y = doc.y;
      this.sections.push({ ...entry, y, page: 0 });
      list.add(
        doc.struct('LI', {}, () => {
          this.font(false, 11, '#1D70B8').text(pdfSafeText(entry.title), MARGINS.left, y, {
            width: this.contentWidth - 80,
            goTo: entry.destination,
            underline: true,
          });
        }),
      );
      doc.x = MARGINS.left;
      doc.y += 3;
    }
    list.end();
  }

  /** Fills in each contents line's page number once every section's page is known. */
  private contentsPageNumbers(): void {
    const doc = this.doc;
    doc.switchToPage(0);
    for (const entry of this.sections) {
      this.artifact(() => {
        this.font(false, 11).text(`page ${entry.page + 1}`, MARGINS.left + this.contentWidth - 80, entry.y, {
          width: 80,
          align: 'right',
        });
      });
    }
  }

  private howToRead(): void {
    const sect = this.section('How to read this report', 'how-to-read');
    this.block(
      sect,
      'P',
      'Every colour in this report is printed with its word, so nothing depends on seeing colour. SPC terms follow NHS England "Making Data Count".',
      { size: 10, gapAfter: 8 },
    );
    const rows: PdfCell[][] = [];
    for (const group of HOW_TO_READ) {
      for (const [i, entry] of group.entries.entries()) {
        rows.push([
          { text: i === 0 ? group.heading : '', bold: true },
          { text: entry.term, bold: true, ...(entry.rag ? { swatch: RAG_SWATCHES[entry.rag] } : {}) },
          { text: entry.meaning },
        ]);
      }
    }
    const w = this.contentWidth;
    this.table(
      sect,
      [
        { header: 'Topic', width: 152 },
        { header: 'Term', width: 140 },
        { header: 'What it means', width: w - 292 },
      ],
      rows,
      9,
      3,
    );
  }

  private summary(): void {
    const { model, doc } = this;
    const sect = this.section('Summary', 'summary');
    if (model.summary.headlines.length) {
      const list = doc.struct('L');
      sect.add(list);
      for (const line of model.summary.headlines) {
        const y = doc.y;
        list.add(
          doc.struct('LI', {}, () => {
            this.font(false, 11).text(`•  ${pdfSafeText(line)}`, MARGINS.left, y, {
              width: this.contentWidth,
              lineGap: 1,
            });
          }),
        );
        doc.x = MARGINS.left;
        doc.y += 3;
      }
      list.end();
      doc.y += 8;
    }
    const w = this.contentWidth;
    const columns: PdfColumn[] = [
      { header: 'Priority', width: w - 6 * 82 },
      { header: 'Green: On target', width: 82 },
      { header: 'Amber: Near target', width: 82 },
      { header: 'Red: Off target', width: 82 },
      { header: 'No target', width: 82 },
      { header: 'Total targets', width: 82 },
      { header: 'Open exceptions', width: 82 },
    ];
    const rows: PdfCell[][] = model.summary.perPriority.map((p) => [
      { text: `${p.priorityCode} ${p.priorityTitle}` },
      { text: String(p.green) },
      { text: String(p.amber) },
      { text: String(p.red) },
      { text: String(p.noTarget) },
      { text: String(p.green + p.amber + p.red + p.noTarget) },
      { text: String(p.exceptions) },
    ]);
    // The chart shrinks, down to a legible minimum, so that the table fits under it; if it cannot, the table
    // starts on the next page whole rather than leaving a row or two behind.
    const size = pngSize(this.charts.summary);
    const tableHeight = this.tableHeight(columns, rows, 9.5);
    const natural = (size.height * 420) / size.width;
    const room = this.bottom - doc.y - GAP - tableHeight;
    const minimum = Math.min(natural, 220);
    const height = room >= minimum ? Math.min(natural, room) : Math.min(natural, this.bottom - doc.y);
    const width = (size.width * height) / size.height;
    this.figure(
      sect,
      this.charts.summary,
      MARGINS.left,
      width,
      height,
      `Bar chart of targets by status for each priority: ${model.summary.perPriority
        .map((p) => `${p.priorityCode} ${p.green} green, ${p.amber} amber, ${p.red} red, ${p.noTarget} no target`)
        .join('; ')}.`,
    );
    doc.y += GAP;
    if (tableHeight <= this.contentHeight) this.ensureSpace(tableHeight);
    this.table(sect, columns, rows, 9.5);
    if (model.returnsCompleteness) this.completeness(sect, model.returnsCompleteness);
  }

  /** Returns received on time, late or not at all, for the executive (issue 14). */
  private completeness(sect: Struct, completeness: ReturnsCompleteness): void {
    const w = this.contentWidth;
    const columns: PdfColumn[] = [
      { header: 'Group', width: w - 4 * 100 },
      { header: 'Due', width: 100 },
      { header: 'Received', width: 100 },
      { header: 'Status', width: 100 },
      { header: 'Working days late', width: 100 },
    ];
    const rows: PdfCell[][] = completeness.groups.map((g) => [
      { text: g.group },
      { text: g.deadline },
      { text: g.receivedOn ?? 'Not received' },
      { text: g.state },
      { text: String(g.workingDaysLate) },
    ]);
    this.doc.y += GAP;
    this.ensureSpace(Math.min(this.tableHeight(columns, rows, 9.5) + 60, this.contentHeight));
    this.heading(sect, 2, 'Returns: completeness and timeliness');
    this.block(sect, 'P', completeness.sentence, { size: 11, gapAfter: 6 });
    this.table(sect, columns, rows, 9.5);
  }

  /** The chart as an image object embedded once, however many times it is drawn. */
  private image(png: Buffer): ImageSrc {
    let image = this.images.get(png);
    if (!image) {
      // openImage is PDFKit's documented way to draw one image many times; its typings leave it out.
      image = (this.doc as unknown as { openImage(src: Buffer): ImageSrc }).openImage(png);
      this.images.set(png, image);
    }
    return image;
  }

  /** A tagged image; starts a new page first if it does not fit. */
  private figure(parent: Struct, png: Buffer, x: number, width: number, height: number, alt: string): void {
    this.ensureSpace(height);
    const y = this.doc.y;
    parent.add(
      this.doc.struct('Figure', { alt: pdfSafeText(alt) }, () =>
        this.doc.image(this.image(png), x, y, { width, height }),
      ),
    );
    this.doc.x = MARGINS.left;
    this.doc.y = y + height;
  }

  private chartFor(exception: ExceptionItem): { row: TargetRow; png: Buffer } | null {
    for (const priority of this.model.priorities) {
      if (priority.code !== exception.priorityCode) continue;
      const row = priority.rows.find((r) => r.indicatorCode === exception.indicatorCode);
      const png = row && this.charts.trends.get(row);
      if (row && png) return { row, png };
    }
    return null;
  }

  private exceptions(): void {
    const { model } = this;
    const sect = this.section('Exceptions', 'exceptions');
    const ordered = orderExceptions(model);
    const concerns = ordered.filter((e) => !e.positive).length;
    this.block(
      sect,
      'P',
      ordered.length === 0
        ? 'There are no open exceptions for this period.'
        : `${concerns} ${concerns === 1 ? 'concern' : 'concerns'} and ${ordered.length - concerns} positive ${ordered.length - concerns === 1 ? 'exception' : 'exceptions'}, by priority and owning group. Each shows why it is an exception and the owning group's commentary${model.confidential ? '' : ', where the executive has approved it for publication'}.`,
      { size: 10.5, gapAfter: 8 },
    );
    let priority: string | null = null;
    let group: string | null = null;
    for (const exception of ordered) {
      const newPriority = exception.priorityCode !== priority;
      const newGroup = newPriority || exception.owningGroup !== group;
      const following = this.exceptionSpace(exception);
      if (newPriority) {
        priority = exception.priorityCode;
        this.heading(sect, 2, priorityHeading(model, priority), following + 40);
      }
      if (newGroup) {
        group = exception.owningGroup;
        this.heading(sect, 3, `Owning group: ${group}`, following + 10);
      }
      this.exceptionBlock(sect, exception);
    }
  }

  /** Everything needed to measure and draw one exception, so headings can be kept with the first block. */
  private layoutException(exception: ExceptionItem) {
    const chart = this.chartFor(exception);
    const chartWidth = chart ? this.chartCellWidth : 0;
    const chartHeight = chart ? (chartWidth * pngSize(chart.png).height) / pngSize(chart.png).width : 0;
    const textWidth = this.contentWidth - (chart ? chartWidth + GAP : 0);
    const commentary = exception.commentary;
    const lines: { label: string; value: string }[] = [
      { label: 'Why', value: exception.reasons.join(' ') || EXCEPTION_KIND_LABELS[exception.kind] },
      ...(commentary
        ? [
            { label: 'Cause', value: commentary.cause },
            { label: 'Action', value: commentary.action },
            {
              label: 'Expected recovery',
              value: commentary.expectedRecoveryDate ? formatDate(commentary.expectedRecoveryDate) : 'Not given',
            },
            { label: 'Commentary by', value: `${commentary.author}, ${formatShortDate(commentary.at)}` },
          ]
        : [{ label: 'Commentary', value: missingCommentaryText(exception) }]),
      ...(exception.history.length
        ? [
            {
              label: 'History',
              value: exception.history
                .map(
                  (h) =>
                    `${formatShortDate(h.at)} ${EXCEPTION_STATUS_LABELS[h.status].toLowerCase()} (${h.by}${h.note ? `: ${h.note}` : ''})`,
                )
                .join('; '),
            },
          ]
        : []),
    ];
    const labelWidth = 92;
    const title = `${exception.indicatorCode} ${exception.indicatorTitle}`;
    const meta = `${exception.areaName} · ${exception.periodLabel} · Status: ${EXCEPTION_STATUS_LABELS[exception.status]}`;
    const textHeight =
      16 +
      this.textHeight(title, textWidth, true, 10.5) +
      4 +
      this.textHeight(meta, textWidth, false, 9) +
      6 +
      lines.reduce((sum, l) => sum + Math.max(this.textHeight(l.value, textWidth - labelWidth, false, 9), 11) + 3, 0);
    const height = Math.max(textHeight, chartHeight) + 10;
    return { chart, chartWidth, chartHeight, textWidth, lines, labelWidth, title, meta, height };
  }

  /** Keeps what comes next on the page: the whole block when it fits on any page, else its first part. */
  private exceptionSpace(exception: ExceptionItem): number {
    const layout = this.layoutException(exception);
    return layout.height <= this.contentHeight - 60 ? layout.height : Math.max(layout.chartHeight, 120);
  }

  private exceptionBlock(parent: Struct, exception: ExceptionItem): void {
    const doc = this.doc;
    const { chart, chartWidth, chartHeight, textWidth, lines, labelWidth, title, meta } =
      this.layoutException(exception);
    this.ensureSpace(this.exceptionSpace(exception));

    const top = doc.y;
    const art = doc.struct('Art');
    parent.add(art);
    if (chart) {
      // Drawn first, beside the text's first lines, so a very long commentary that flows on cannot overlap it.
      art.add(
        doc.struct('Figure', { alt: pdfSafeText(this.chartAlt(chart.row)) }, () =>
          doc.image(this.image(chart.png), MARGINS.left + textWidth + GAP, top, {
            width: chartWidth,
            height: chartHeight,
          }),
        ),
      );
    }
    const startPage = this.pageIndex();
    const sentiment = exception.positive ? POSITIVE_SWATCH : CONCERN_SWATCH;
    const tagWidth = this.tag(sentiment, exceptionSentiment(exception).toUpperCase(), MARGINS.left, top);
    art.add(
      doc.struct('P', {}, () => {
        this.font(true, 8.5, sentiment.text).text(
          exceptionSentiment(exception).toUpperCase(),
          MARGINS.left + 5,
          top + 1.5,
          {
            lineBreak: false,
          },
        );
        this.font(true, 9.5).text(EXCEPTION_KIND_LABELS[exception.kind], MARGINS.left + tagWidth + 8, top + 1, {
          width: textWidth - tagWidth - 8,
        });
      }),
    );
    doc.x = MARGINS.left;
    doc.y = top + 16;
    this.block(art, 'H4', title, { bold: true, size: 10.5, width: textWidth, gapAfter: 4 });
    this.block(art, 'P', meta, { size: 9, colour: SECONDARY_TEXT_COLOUR, width: textWidth, gapAfter: 6 });
    for (const line of lines) {
      this.ensureSpace(24);
      const y = doc.y;
      const page = this.pageIndex();
      art.add(
        doc.struct('P', {}, () => {
          this.font(true, 9).text(`${line.label}: `, MARGINS.left, y, { width: labelWidth - 6 });
          this.font(false, 9).text(pdfSafeText(line.value), MARGINS.left + labelWidth, y, {
            width: textWidth - labelWidth,
            lineGap: 1,
          });
        }),
      );
      doc.x = MARGINS.left;
      // A value that flowed onto a new page leaves doc.y there; otherwise keep at least the label's line.
      doc.y = (this.pageIndex() === page ? Math.max(doc.y, y + 11) : doc.y) + 3;
    }
    if (chart && this.pageIndex() === startPage) doc.y = Math.max(doc.y, top + chartHeight);
    art.end();
    doc.y += 4;
    const ruleY = doc.y;
    this.artifact(() => {
      doc
        .moveTo(MARGINS.left, ruleY)
        .lineTo(MARGINS.left + this.contentWidth, ruleY)
        .lineWidth(0.5)
        .strokeColor(RULE_COLOUR)
        .stroke();
    });
    doc.y += 8;
  }

  private chartAlt(row: TargetRow): string {
    return `Trend chart of ${row.indicatorCode} ${row.indicatorTitle}: latest ${latestText(row)} in ${row.latest.periodLabel}; target ${row.target.label}; ${ragText(row)}; ${row.spc.variation}; assurance ${row.spc.assurance}.`;
  }

  private priority(priority: ReportPriority): void {
    const { model, doc } = this;
    const index = model.priorities.indexOf(priority);
    const sect = this.section(`${priority.code} ${priority.title}`, `priority-${index}`);
    const counts = (['green', 'amber', 'red', 'none'] as const).map(
      (rag) => priority.rows.filter((r) => r.rag === rag).length,
    );
    this.block(
      sect,
      'P',
      [
        priority.accountableMember ? `Accountable board member: ${priority.accountableMember}.` : null,
        `${priority.rows.length} ${priority.rows.length === 1 ? 'target' : 'targets'}: ${counts[0]} green (on target), ${counts[1]} amber (near target), ${counts[2]} red (off target), ${counts[3]} without a target.`,
      ]
        .filter(Boolean)
        .join(' '),
      { size: 10.5, gapAfter: 10 },
    );
    if (priority.rows.length === 0) {
      this.block(sect, 'P', 'No targets in this report for this priority.', { size: 10.5 });
      return;
    }
    const w = this.contentWidth;
    const columns: PdfColumn[] = [
      { header: 'Code', width: 50 },
      { header: 'Indicator', width: w - 50 - 84 - 92 - 84 - 74 - 92 - 84 - 70 },
      { header: 'Owning group', width: 84 },
      { header: 'Latest', width: 92 },
      { header: 'Target', width: 84 },
      { header: 'RAG status', width: 74 },
      { header: 'Direction of travel', width: 92 },
      { header: 'SPC variation', width: 84 },
      { header: 'Assurance', width: 70 },
    ];
    this.table(
      sect,
      columns,
      priority.rows.map((row) => [
        { text: row.indicatorCode },
        { text: row.indicatorTitle },
        { text: row.owningGroup },
        { text: `${latestText(row)}\n${row.latest.periodLabel}` },
        { text: row.target.label },
        { text: ragText(row), bold: true, swatch: RAG_SWATCHES[row.rag] },
        { text: `Previous: ${row.directionOfTravel.vsPrevious}\nLast year: ${row.directionOfTravel.vsLastYear}` },
        { text: row.spc.variation },
        { text: row.spc.assurance },
      ]),
    );

    const withCharts = priority.rows.filter((row) => this.charts.trends.has(row));
    if (withCharts.length === 0) return;
    this.heading(sect, 2, `Trend charts: ${priority.code} ${priority.title}`, 250);
    const cellWidth = this.chartCellWidth;
    for (let i = 0; i < withCharts.length; i += 2) {
      const pair = withCharts.slice(i, i + 2);
      const laidOut = pair.map((row) => {
        const png = this.charts.trends.get(row)!;
        const size = pngSize(png);
        const chartHeight = (cellWidth * size.height) / size.width;
        const caption = this.caption(row);
        return {
          row,
          png,
          chartHeight,
          caption,
          height: chartHeight + 4 + this.textHeight(caption, cellWidth, false, 8),
        };
      });
      const rowHeight = Math.max(...laidOut.map((c) => c.height)) + 10;
      this.ensureSpace(rowHeight);
      const top = doc.y;
      laidOut.forEach((chart, j) => {
        const x = MARGINS.left + j * (cellWidth + GAP * 2);
        sect.add(
          doc.struct('Figure', { alt: pdfSafeText(this.chartAlt(chart.row)) }, () =>
            doc.image(this.image(chart.png), x, top, { width: cellWidth, height: chart.chartHeight }),
          ),
        );
        const captionY = top + chart.chartHeight + 4;
        sect.add(
          doc.struct('Caption', {}, () => {
            this.font(false, 8, SECONDARY_TEXT_COLOUR).text(pdfSafeText(chart.caption), x, captionY, {
              width: cellWidth,
              lineGap: 1,
            });
          }),
        );
      });
      doc.x = MARGINS.left;
      doc.y = top + rowHeight;
    }
  }

  private caption(row: TargetRow): string {
    const comparators = [
      row.comparators.england !== null
        ? `England ${formatValue(row.comparators.england, row.unit, row.decimalPlaces)}`
        : null,
      row.comparators.region !== null
        ? `region ${formatValue(row.comparators.region, row.unit, row.decimalPlaces)}`
        : null,
    ].filter(Boolean);
    return [
      `Latest ${latestText(row)} (${row.latest.periodLabel}).`,
      row.rag === 'none' && row.target.value === null && row.target.rangeLow === null
        ? `${row.target.label || ragText(row)}.`
        : `Target: ${row.target.label}. ${ragText(row)}.`,
      row.forecast ? `${row.forecast}.` : null,
      comparators.length
        ? `${comparators.join(', ')}${row.comparators.comparison ? `: ${row.comparators.comparison}` : ''}.`
        : null,
    ]
      .filter(Boolean)
      .join(' ')
      .replace(/\.\./g, '.');
  }

  /** Running header (title, period, confidentiality) and footer (generated, page n of N) on every page. */
  private runningHeadersAndFooters(): void {
    const { doc, model } = this;
    const range = doc.bufferedPageRange();
    const left = MARGINS.left;
    const width = this.contentWidth;
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      // Text in the margins must not trigger PDFKit's automatic page break.
      const savedBottom = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      doc.markContent('Artifact', { type: 'Pagination' });
      const headerY = 22;
      const marking = classificationMarking(model);
      this.font(true, 9, model.confidential ? '#D4351C' : SECONDARY_TEXT_COLOUR).text(marking, left, headerY, {
        width,
        align: 'right',
        lineBreak: false,
      });
      if (i > range.start) {
        const markingWidth = doc.font(BOLD).fontSize(9).widthOfString(marking) + 20;
        this.font(false, 9, SECONDARY_TEXT_COLOUR).text(
          pdfSafeText(`${model.title}: ${model.period.label} · ${model.audience}`),
          left,
          headerY,
          { width: width - markingWidth, lineBreak: false, ellipsis: true, height: 12 },
        );
        doc
          .moveTo(left, headerY + 14)
          .lineTo(left + width, headerY + 14)
          .lineWidth(0.5)
          .strokeColor(RULE_COLOUR)
          .stroke();
      }
      const footerY = doc.page.height - 32;
      this.font(false, 8.5, SECONDARY_TEXT_COLOUR).text(
        pdfSafeText(`Generated ${formatDateTime(model.generatedAt)}. Data cut: ${dataCutText(model)}.`),
        left,
        footerY,
        { width: width - 100, lineBreak: false, ellipsis: true, height: 12 },
      );
      this.font(false, 8.5, TEXT_COLOUR).text(
        `Page ${i - range.start + 1} of ${range.count}`,
        left + width - 100,
        footerY,
        {
          width: 100,
          align: 'right',
          lineBreak: false,
        },
      );
      doc.endMarkedContent();
      doc.page.margins.bottom = savedBottom;
    }
  }
}

/** The board paper's bytes; identical for the same model and charts (creation date = generatedAt). */
export function renderPdfReport(model: ReportModel, charts: ReportCharts): Promise<Buffer> {
  return new PdfReportWriter(model, charts).render();
}
