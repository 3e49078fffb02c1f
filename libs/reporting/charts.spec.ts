import { createCanvas, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { buildSeries, buildTargetRow } from '../../test/factories/report-model.factory.js';
import {
  RAG_CHART_WIDTH,
  TREND_CHART_SIZE,
  ragSummaryChartHeight,
  renderRagSummaryChart,
  renderTrendChart,
  splitPeriodLabel,
  wrapText,
} from './charts.js';
import { RAG_SWATCHES, SPC_COLOURS } from './palette.js';
import { pngSize } from './png.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Counts pixels within a small distance of a colour (anti-aliasing blurs edges, not centres). */
async function countColour(png: Buffer, hex: string): Promise<number> {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const { data } = ctx.getImageData(0, 0, image.width, image.height);
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  let count = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (Math.abs(data[i]! - r!) + Math.abs(data[i + 1]! - g!) + Math.abs(data[i + 2]! - b!) < 12) count++;
  }
  return count;
}

describe(renderTrendChart.name, () => {
  it('returns a PNG of the trend chart size', () => {
    const sut = renderTrendChart(buildTargetRow());

    expect(sut.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(pngSize(sut)).toEqual(TREND_CHART_SIZE);
  });

  it('paints an opaque white background', async () => {
    const sut = renderTrendChart(buildTargetRow());

    const image = await loadImage(sut);
    const canvas = createCanvas(image.width, image.height);
    canvas.getContext('2d').drawImage(image, 0, 0);
    expect([...canvas.getContext('2d').getImageData(0, 0, 1, 1).data]).toEqual([255, 255, 255, 255]);
  });

  it('marks a special cause concern point in orange', async () => {
    const concern = renderTrendChart(buildTargetRow());
    const commonCause = renderTrendChart(
      buildTargetRow({ series: buildSeries([14.1, 14.6, 13.9, 14.4, 14.8, 14.2, 14.5, 14.0]) }),
    );

    expect(await countColour(concern, SPC_COLOURS.concern)).toBeGreaterThan(20);
    expect(await countColour(commonCause, SPC_COLOURS.concern)).toBe(0);
  });

  it('marks a special cause improvement point in blue', async () => {
    const row = buildTargetRow({
      series: buildSeries(
        [14, 14, 14, 14, 14, 14, 14, 17],
        [{}, {}, {}, {}, {}, {}, {}, { pointType: 'special_cause_improvement' }],
      ),
    });

    expect(await countColour(renderTrendChart(row), SPC_COLOURS.improvement)).toBeGreaterThan(20);
  });

  it('draws the target line in its own colour, and none without a target', async () => {
    const withTarget = renderTrendChart(buildTargetRow());
    const withoutTarget = renderTrendChart(
      buildTargetRow({
        target: { value: null, rangeLow: null, rangeHigh: null, label: 'No target' },
        rag: 'none',
        ragLabel: 'No target',
      }),
    );

    expect(await countColour(withTarget, SPC_COLOURS.target)).toBeGreaterThan(50);
    expect(await countColour(withoutTarget, SPC_COLOURS.target)).toBe(0);
  });

  it('renders a series with no values, an in-range target and re-based limits without failing', () => {
    const row = buildTargetRow({
      series: buildSeries([null, null, null]),
      target: { value: null, rangeLow: 40, rangeHigh: 50, label: 'Between 40% and 50%' },
      spcLimits: { mean: [10, 10, 12], upper: [14, 14, null], lower: [6, 6, null] },
      comparatorSeries: [],
    });

    expect(pngSize(renderTrendChart(row))).toEqual(TREND_CHART_SIZE);
  });

  it('gives the same bytes for the same row', () => {
    expect(renderTrendChart(buildTargetRow()).equals(renderTrendChart(buildTargetRow()))).toBe(true);
  });
});

describe(renderRagSummaryChart.name, () => {
  const perPriority = [
    { priorityCode: 'P1', priorityTitle: 'Be healthy', green: 4, amber: 2, red: 1, noTarget: 1, exceptions: 2 },
    { priorityCode: 'P2', priorityTitle: 'Stay safe', green: 1, amber: 0, red: 5, noTarget: 0, exceptions: 5 },
  ];

  it('returns a PNG whose height grows with the number of priorities', () => {
    const sut = renderRagSummaryChart(perPriority);

    expect(sut.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(pngSize(sut)).toEqual({ width: RAG_CHART_WIDTH, height: ragSummaryChartHeight(2) });
    expect(ragSummaryChartHeight(10)).toBeGreaterThan(ragSummaryChartHeight(2));
  });

  it('fills a segment for each RAG status present', async () => {
    const sut = renderRagSummaryChart(perPriority);

    for (const rag of ['green', 'amber', 'red', 'none'] as const) {
      expect(await countColour(sut, RAG_SWATCHES[rag].fill)).toBeGreaterThan(100);
    }
  });
});

describe(wrapText.name, () => {
  const measure = (text: string) => text.length * 10;

  it('wraps at word boundaries within the width', () => {
    expect(wrapText(measure, 'Percentage of children looked after', 150)).toEqual([
      'Percentage of',
      'children looked',
      'after',
    ]);
  });

  it('cuts to the maximum number of lines with an ellipsis', () => {
    const sut = wrapText(measure, 'one two three four five six seven eight nine ten', 100, 2);

    expect(sut).toHaveLength(2);
    expect(sut[1]!.endsWith('…')).toBe(true);
    expect(sut.every((line) => measure(line) <= 100)).toBe(true);
  });
});

describe(splitPeriodLabel.name, () => {
  it('puts the quarter under the year', () => {
    expect(splitPeriodLabel('2024-25 Q2')).toEqual(['2024-25', 'Q2']);
    expect(splitPeriodLabel('2024-25')).toBe('2024-25');
  });
});
