/**
 * Renders a board scorecard with 500 targets (500 trend charts + the RAG summary) as .xlsx and PDF and prints
 * the figures. Goal (issue 6): under 30 s and 500 MB peak RSS.
 *
 *   npm run build && node dist/bench/reports-render.bench.js [targets] [--write]
 *
 * --write keeps the files in bench/out/ to look at. The last line printed is JSON.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { renderReport, sampleReportModel } from '../libs/reporting/index.js';

const args = process.argv.slice(2);
const targets = Number(args.find((a) => /^\d+$/.test(a)) ?? 500);
const write = args.includes('--write');

const model = sampleReportModel({ targets, priorities: 5 });
const started = performance.now();
let chartsDoneAt = started;
const rendered = await renderReport(model, {
  formats: ['xlsx', 'pdf'],
  onProgress: (fraction) => {
    if (fraction <= 0.5) chartsDoneAt = performance.now();
  },
});
const generateSeconds = (performance.now() - started) / 1000;

if (write) {
  await mkdir('bench/out', { recursive: true });
  await writeFile(`bench/out/reports-${targets}.xlsx`, rendered.xlsx!);
  await writeFile(`bench/out/reports-${targets}.pdf`, rendered.pdf!);
}

const round = (n: number, dp = 2) => Math.round(n * 10 ** dp) / 10 ** dp;
console.log(
  JSON.stringify({
    targets,
    charts: rendered.charts,
    generate_s: round(generateSeconds),
    charts_s: round((chartsDoneAt - started) / 1000),
    ms_per_chart: round((chartsDoneAt - started) / rendered.charts, 1),
    xlsx_mb: round(rendered.xlsx!.length / 1e6, 1),
    pdf_mb: round(rendered.pdf!.length / 1e6, 1),
    // maxRSS is in kilobytes.
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
