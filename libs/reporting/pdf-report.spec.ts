import PDFDocument from 'pdfkit';
import { PDFParse } from 'pdf-parse';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  buildException,
  buildPriority,
  buildReportModel,
  buildTargetRow,
} from '../../test/factories/report-model.factory.js';
import { joinFinishedPageContent, renderPdfReport } from './pdf-report.js';
import { renderReportCharts } from './report-charts.js';
import type { ReportModel } from './report-model.js';

async function render(model: ReportModel): Promise<Buffer> {
  return renderPdfReport(model, await renderReportCharts(model));
}

async function textOf(pdf: Buffer): Promise<{ text: string; pages: string[] }> {
  const parser = new PDFParse({ data: pdf });
  try {
    const result = await parser.getText();
    return { text: result.text, pages: result.pages.map((p) => p.text) };
  } finally {
    await parser.destroy();
  }
}

/** Whitespace-insensitive: extracted text breaks lines wherever the layout wrapped them. */
const squash = (text: string) => text.replace(/\s+/g, ' ');

const LONG_TITLE =
  'Percentage of children and young people aged 10 to 17 who were first-time entrants to the youth justice system and who received a pre-court disposal within the reporting quarter, by locality, excluding those transferred in from other authorities part-way through';

const model = buildReportModel({
  confidential: true,
  priorities: [
    buildPriority(),
    buildPriority({
      code: 'P2',
      title: 'Stay safe',
      rows: [
        buildTargetRow({ indicatorCode: 'CYP900', indicatorTitle: LONG_TITLE, rag: 'amber', ragLabel: 'Near target' }),
        ...Array.from({ length: 40 }, (_, i) =>
          buildTargetRow({
            indicatorCode: `CYP${String(100 + i)}`,
            unit: 'count',
            decimalPlaces: 0,
            latest: { periodLabel: '2024-25 Q2', value: 1204 + i, status: 'actual' },
            target: { value: 1100, rangeLow: null, rangeHigh: null, label: 'At most 1,100' },
            rag: 'green',
            ragLabel: 'On target',
          }),
        ),
      ],
    }),
  ],
  exceptions: [
    buildException(),
    buildException({
      positive: true,
      kind: 'well_above_target',
      priorityCode: 'P2',
      indicatorCode: 'CYP100',
      commentary: null,
      owningGroup: 'Corporate Parenting Board',
    }),
  ],
});

describe(renderPdfReport.name, () => {
  let pdf: Buffer;
  let text: string;
  let pages: string[];
  beforeAll(async () => {
    pdf = await render(model);
    ({ text, pages } = await textOf(pdf));
    text = squash(text);
  });

  it('starts with a cover that names the report, audience, period and generation time', () => {
    const cover = squash(pages[0]!);

    expect(cover).toContain('Quarterly scorecard');
    expect(cover).toContain('Children’s Trust Board');
    expect(cover).toContain('2024-25 Q2 (1 July 2024 to 30 September 2024)');
    expect(cover).toContain('28 October 2024, 09:30');
    expect(cover).toContain('2 returns and 1 target version');
  });

  it('marks every page confidential when the paper is confidential', () => {
    expect(pages.every((page) => page.includes('CONFIDENTIAL'))).toBe(true);
  });

  it('does not mark a paper that is not confidential', async () => {
    const plain = await textOf(await render(buildReportModel()));

    expect(plain.text).not.toContain('CONFIDENTIAL');
  });

  it('includes the "How to read this report" key', () => {
    expect(text).toContain('How to read this report');
    expect(text).toContain('Green: On target The latest value meets or beats the target.');
    expect(text).toContain('Hit and miss The target lies inside the process limits');
    expect(text).toContain('Special cause concern A significant change in the wrong direction');
  });

  it('shows each target’s figures, RAG word, direction of travel, SPC and assurance', () => {
    expect(text).toContain('CYP001');
    expect(text).toContain('12.5% 2024-25 Q2');
    expect(text).toContain('At least 15.0%');
    expect(text).toContain('Red: Off target');
    expect(text).toContain('Previous: Worsening Last year: No change');
    expect(text).toContain('Special cause concern (low)');
    expect(text).toContain('Hit and miss');
    expect(text).toContain('1,204 2024-25 Q2');
  });

  it('lists exceptions with the owner’s commentary and a note where there is none', () => {
    expect(text).toContain('CONCERN Below target');
    expect(text).toContain('POSITIVE Well above target');
    expect(text).toContain('Cause: Two nurseries closed in the north locality in June.');
    expect(text).toContain('Expected recovery: 31 March 2025');
    expect(text).toContain('Commentary by: Birth to Five Partnership data officer, 21 Oct 2024');
    expect(text).toContain('No commentary yet from the owning group.');
  });

  it('wraps a long indicator title in the table instead of cutting it off', () => {
    const tablePage = pages.find((page) => page.includes('CYP900') && page.includes('Direction of travel'))!;
    const lines = tablePage.split('\n');

    expect(squash(tablePage)).toContain(squash(LONG_TITLE).split(' ').slice(-4).join(' '));
    expect(lines.filter((line) => /part-way|authorities|disposal/.test(line)).length).toBeGreaterThan(1);
  });

  it('repeats the table header on every page a table continues onto', () => {
    const withRows = pages.filter((page) => /CYP1\d\d/.test(page) && page.includes('At most 1,100'));

    expect(withRows.length).toBeGreaterThan(1);
    expect(withRows.every((page) => page.includes('Direction of travel'))).toBe(true);
  });

  it('numbers every page as "Page n of N"', () => {
    expect(pages.length).toBeGreaterThan(4);
    pages.forEach((page, i) => expect(page).toContain(`Page ${i + 1} of ${pages.length}`));
  });

  it('is a tagged PDF 1.7 in British English with its title shown', () => {
    const raw = pdf.toString('latin1');

    expect(raw.startsWith('%PDF-1.7')).toBe(true);
    expect(raw).toContain('/StructTreeRoot');
    expect(raw).toMatch(/\/MarkInfo/);
    expect(raw).toContain('/Lang (en-GB)');
    expect(raw).toContain('/DisplayDocTitle true');
    expect(raw).toMatch(/\/S \/Table/);
    expect(raw).toMatch(/\/S \/Figure/);
    expect(raw).toMatch(/\/Scope \/Column/);
  });

  it('gives byte-identical files for the same model, whenever it is rendered', async () => {
    const charts = await renderReportCharts(model);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
      const first = await renderPdfReport(model, charts);
      vi.setSystemTime(new Date('2031-06-15T13:45:00Z'));
      const second = await renderPdfReport(model, charts);

      expect(first.equals(second)).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('embeds each chart once, though a chart beside an exception is drawn again in its priority', async () => {
    const charts = await renderReportCharts(model);

    const images = pdf.toString('latin1').match(/\/Subtype \/Image/g) ?? [];

    expect(model.exceptions.length).toBeGreaterThan(0);
    expect(images).toHaveLength(1 + charts.trends.size);
  });

  it('survives text outside the built-in font’s characters', async () => {
    const odd = buildReportModel({
      title: 'Report & <review> 🎉',
      exceptions: [buildException({ commentary: { ...buildException().commentary!, cause: 'Łódź ✓ 中文 cause' } })],
    });

    const result = await textOf(await render(odd));

    expect(squash(result.text)).toContain('Lódz ? ?? cause');
  });
});

describe(joinFinishedPageContent.name, () => {
  async function draw(join: boolean): Promise<{ pdf: Buffer; firstPageChunks: number }> {
    const at = new Date('2024-10-28T09:30:00Z');
    const doc = new PDFDocument({ bufferPages: true, info: { CreationDate: at, ModDate: at } });
    if (join) doc.on('pageAdded', () => joinFinishedPageContent(doc));
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
    for (let i = 0; i < 20; i++)
      doc
        .text(`Line ${i}`)
        .moveTo(50, 50 + i)
        .lineTo(200, 50 + i)
        .stroke();
    doc.addPage().text('Second page');
    const firstPageChunks = (doc as unknown as { _pageBuffer: { content: { buffer: unknown[] } }[] })._pageBuffer[0]!
      .content.buffer.length;
    doc.switchToPage(0);
    doc.text('Page 1 of 2', 50, 700);
    doc.end();
    return { pdf: await done, firstPageChunks };
  }

  it('joins a finished page’s drawing operations into one buffer without changing the file', async () => {
    const plain = await draw(false);

    const sut = await draw(true);

    expect(plain.firstPageChunks).toBeGreaterThan(20);
    expect(sut.firstPageChunks).toBe(1);
    expect(sut.pdf.equals(plain.pdf)).toBe(true);
  });
});
