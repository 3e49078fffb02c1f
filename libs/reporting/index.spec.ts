import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildPriority,
  buildReportModel,
  buildSeries,
  buildTargetRow,
} from '../../test/factories/report-model.factory.js';
import { renderReport } from './index.js';

describe(renderReport.name, () => {
  it('renders only the formats asked for', async () => {
    const sut = await renderReport(buildReportModel(), { formats: ['pdf'] });

    expect(sut.pdf?.subarray(0, 5).toString()).toBe('%PDF-');
    expect(sut.xlsx).toBeUndefined();
  });

  it('counts the summary chart and one trend chart per target with a trend', async () => {
    const model = buildReportModel({
      priorities: [
        buildPriority({ rows: [buildTargetRow(), buildTargetRow({ indicatorCode: 'CYP002', series: [] })] }),
      ],
    });

    expect((await renderReport(model, { formats: ['xlsx'] })).charts).toBe(2);
  });

  it('writes the files to the output directory and reports progress up to 1', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'reporting-'));
    const progress: number[] = [];
    try {
      const sut = await renderReport(buildReportModel(), { outputDir: dir, onProgress: (p) => progress.push(p) });

      expect(sut.files.map((f) => f.path)).toEqual([
        join(dir, 'board_scorecard-2024-25-q2.xlsx'),
        join(dir, 'board_scorecard-2024-25-q2.pdf'),
      ]);
      expect((await readFile(sut.files[1]!.path)).equals(sut.pdf!)).toBe(true);
      expect(progress.at(-1)).toBe(1);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('renders a report with no priorities and no exceptions', async () => {
    const sut = await renderReport(
      buildReportModel({ priorities: [], exceptions: [], summary: { perPriority: [], headlines: [] } }),
    );

    expect(sut.charts).toBe(1);
    expect(sut.pdf?.length).toBeGreaterThan(0);
    expect(sut.xlsx?.length).toBeGreaterThan(0);
  });

  it('renders a model that has been through JSON, as the job stores it', async () => {
    const model = JSON.parse(
      JSON.stringify(
        buildReportModel({
          priorities: [buildPriority({ rows: [buildTargetRow({ series: buildSeries([1, 2, 3]) })] })],
        }),
      ),
    );

    const sut = await renderReport(model);

    expect(sut.xlsx?.length).toBeGreaterThan(0);
    expect(sut.pdf?.length).toBeGreaterThan(0);
  });
});
