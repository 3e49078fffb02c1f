/**
 * Report charts drawn by Chart.js on a server-side canvas (@napi-rs/canvas), as PNG buffers.
 *
 * STACK-NOTES: responsive and animation off, devicePixelRatio 1, a white background painted before drawing
 * (or the PNG is transparent), and destroy() after reading the pixels. Only the controllers, elements and
 * plugins used here are registered.
 */
import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  SubTitle,
  Title,
  type ChartConfiguration,
  type ChartDataset,
  type ChartItem,
  type LegendItem,
  type Plugin,
} from 'chart.js';
import { COMPARATOR_STYLES, RAG_SWATCHES, SECONDARY_TEXT_COLOUR, SPC_COLOURS, TEXT_COLOUR } from './palette.js';
import { encodeOpaquePng } from './png.js';
import type { PrioritySummary, RagRating, SpcLimits, SpcPointType, TargetRow } from './report-model.js';
import { unitAxisTitle } from './report-text.js';

Chart.register(
  LineController,
  LineElement,
  PointElement,
  BarController,
  BarElement,
  LinearScale,
  CategoryScale,
  Legend,
  Title,
  SubTitle,
);

/**
 * Pixel size of a trend chart. Placed at about 369 pt wide in the PDF (two a row on A4 landscape), that is
 * ~130 dpi, and 14 px tick labels print at about 7.6 pt.
 */
export const TREND_CHART_SIZE = { width: 680, height: 340 } as const;
/** Placed at about 400 pt in the PDF, its 14 px labels print at about 8 pt. */
export const RAG_CHART_WIDTH = 700;

/** Families the canvas may find; the deployment image needs one of them (fonts-liberation or fonts-dejavu-core). */
const FONT_FAMILY = "'Liberation Sans', 'DejaVu Sans', Arial, Helvetica, sans-serif";

const font = (size: number, weight: 'normal' | 'bold' = 'normal') => ({ family: FONT_FAMILY, size, weight });

const whiteBackground: Plugin = {
  id: 'whiteBackground',
  beforeDraw(chart) {
    const ctx = chart.ctx;
    ctx.save();
    ctx.fillStyle = '#FFFFFF';
    ctx.fillRect(0, 0, chart.width, chart.height);
    ctx.restore();
  },
};

/** Splits text into at most `maxLines` lines no wider than `maxWidth`, ending with an ellipsis if cut. */
export function wrapText(
  measure: (text: string) => number,
  text: string,
  maxWidth: number,
  maxLines = Number.POSITIVE_INFINITY,
): string[] {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const candidate = line ? `${line} ${word}` : word;
    if (measure(candidate) <= maxWidth || !line) {
      line = candidate;
    } else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines.map((l) => fitWithEllipsis(measure, l, maxWidth));
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = fitWithEllipsis(measure, `${kept[maxLines - 1]}…`, maxWidth, true);
  return kept;
}

function fitWithEllipsis(measure: (text: string) => number, text: string, maxWidth: number, cut = false): string {
  if (measure(text) <= maxWidth) return text;
  let body = cut ? text.slice(0, -1) : text;
  while (body.length > 1 && measure(`${body}…`) > maxWidth) body = body.slice(0, -1);
  return `${body.trimEnd()}…`;
}

function measurer(ctx: SKRSContext2D, size: number, weight: 'normal' | 'bold'): (text: string) => number {
  ctx.font = `${weight} ${size}px ${FONT_FAMILY}`;
  return (text) => ctx.measureText(text).width;
}

function expand(limit: SpcLimits['mean'], length: number): (number | null)[] {
  if (typeof limit === 'number') return Array.from({ length }, () => limit);
  return Array.from({ length }, (_, i) => limit[i] ?? null);
}

/** "2024-25 Q2" → ["2024-25", "Q2"]: two short lines fit twelve quarters unrotated. */
export function splitPeriodLabel(label: string): string | string[] {
  const at = label.lastIndexOf(' ');
  return at > 0 ? [label.slice(0, at), label.slice(at + 1)] : label;
}

/**
 * Legend entries for lines drawn as short lines in their own dash and width (Chart.js takes a point-style
 * legend's style from the dataset's first point, which has no dash); marker-only datasets keep their marker.
 */
function lineLegendLabels(chart: Chart): LegendItem[] {
  return Chart.defaults.plugins.legend.labels.generateLabels(chart).map((item) => {
    const dataset = chart.data.datasets[item.datasetIndex ?? 0] as ChartDataset<'line'>;
    if (dataset.showLine === false) return item;
    return {
      ...item,
      pointStyle: 'line',
      lineDash: (dataset.borderDash as number[] | undefined) ?? [],
      lineWidth: Math.max(2, Number(dataset.borderWidth ?? 2)),
      strokeStyle: dataset.borderColor as string,
    };
  });
}

const tickFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });

/**
 * One canvas per size, reused. A canvas's pixels live in native memory that V8 does not see, so with a fresh
 * canvas per chart the garbage collector rarely runs and 500 charts held 1.2 GB; reused, they need one.
 * Drawing is synchronous, so no two charts ever share a canvas at the same time.
 */
const canvases = new Map<string, SKRSContext2D>();

function contextFor(width: number, height: number): SKRSContext2D {
  const key = `${width}x${height}`;
  let ctx = canvases.get(key);
  if (!ctx) {
    ctx = createCanvas(width, height).getContext('2d');
    canvases.set(key, ctx);
  }
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return ctx;
}

/**
 * Draws the chart and returns an opaque PNG; the chart is destroyed whatever happens.
 *
 * getImageData's pixel buffer is native memory that Node frees only after the event loop turns (N-API
 * finalizers are deferred), so a caller drawing hundreds of charts must yield between them, as
 * renderReportCharts does; in one synchronous loop 500 charts held 600 MB.
 */
function draw(width: number, height: number, build: (ctx: SKRSContext2D) => ChartConfiguration): Buffer {
  const ctx = contextFor(width, height);
  const config = build(ctx);
  const chart = new Chart(ctx as unknown as ChartItem, config);
  try {
    return encodeOpaquePng(ctx.getImageData(0, 0, width, height).data, width, height);
  } finally {
    chart.destroy();
  }
}

interface SpecialCauseStyle {
  readonly type: SpcPointType;
  readonly label: string;
  readonly colour: string;
  readonly pointStyle: 'triangle' | 'rectRot' | 'rect';
}

const SPECIAL_CAUSE_STYLES: readonly SpecialCauseStyle[] = [
  {
    type: 'special_cause_concern',
    label: 'Special cause: concern',
    colour: SPC_COLOURS.concern,
    pointStyle: 'triangle',
  },
  {
    type: 'special_cause_improvement',
    label: 'Special cause: improvement',
    colour: SPC_COLOURS.improvement,
    pointStyle: 'rectRot',
  },
  { type: 'special_cause_neutral', label: 'Special cause: neutral', colour: SPC_COLOURS.neutral, pointStyle: 'rect' },
];

type LineDataset = ChartDataset<'line', (number | null)[]>;

/**
 * Chart.js strokes lines through a global `Path2D` when one exists. pdfjs (pdf-parse) installs a global
 * Path2D from its own copy of @napi-rs/canvas, which our canvas rejects ("parameter 1 is not of type
 * 'Path2D'"); any segment option makes Chart.js draw lines directly on the context instead.
 */
const DIRECT_STROKE = { segment: {} } as const;

function referenceLine(
  label: string,
  data: (number | null)[],
  colour: string,
  dash: number[],
  width: number,
): LineDataset {
  return {
    label,
    data,
    borderColor: colour,
    backgroundColor: colour,
    borderDash: dash,
    borderWidth: width,
    pointRadius: 0,
    pointHoverRadius: 0,
    pointStyle: 'line',
    spanGaps: false,
    order: 2,
    ...DIRECT_STROKE,
  };
}

/**
 * An SPC chart in the NHS "Making Data Count" style: the series in grey, the mean solid, the process limits
 * dashed, the target dash-dotted in magenta, special-cause points as orange triangles (concern) and blue
 * diamonds (improvement), comparators as dotted lines. Every mark is in the legend, and the variation and
 * assurance are printed in words under the title.
 */
export function renderTrendChart(row: TargetRow, size: { width: number; height: number } = TREND_CHART_SIZE): Buffer {
  const { width, height } = size;
  return draw(width, height, (ctx) => {
    const labels = row.series.map((p) => p.label);
    const values = row.series.map((p) => p.value);
    const n = labels.length;
    const datasets: LineDataset[] = [
      {
        label: 'Value',
        data: values,
        borderColor: SPC_COLOURS.series,
        backgroundColor: SPC_COLOURS.series,
        borderWidth: 2,
        pointRadius: 3.5,
        pointStyle: 'circle',
        pointBackgroundColor: SPC_COLOURS.series,
        spanGaps: false,
        order: 1,
        ...DIRECT_STROKE,
      },
    ];
    if (row.spcLimits) {
      datasets.push(referenceLine('Mean', expand(row.spcLimits.mean, n), SPC_COLOURS.mean, [], 1.5));
      datasets.push(referenceLine('Process limits', expand(row.spcLimits.upper, n), SPC_COLOURS.limits, [6, 4], 1.2));
      datasets.push({
        ...referenceLine('Process limits', expand(row.spcLimits.lower, n), SPC_COLOURS.limits, [6, 4], 1.2),
        hiddenInLegend: true,
      } as LineDataset);
    }
    const targetDash = [12, 4, 3, 4];
    if (row.target.value !== null) {
      datasets.push(
        referenceLine(
          `Target (${row.target.label})`,
          Array(n).fill(row.target.value),
          SPC_COLOURS.target,
          targetDash,
          2,
        ),
      );
    } else if (row.target.rangeLow !== null && row.target.rangeHigh !== null) {
      datasets.push(
        referenceLine(
          `Target range (${row.target.label})`,
          Array(n).fill(row.target.rangeLow),
          SPC_COLOURS.target,
          targetDash,
          2,
        ),
      );
      datasets.push({
        ...referenceLine('Target range', Array(n).fill(row.target.rangeHigh), SPC_COLOURS.target, targetDash, 2),
        hiddenInLegend: true,
      } as LineDataset);
    }
    (row.comparatorSeries ?? []).forEach((comparator, i) => {
      const style = COMPARATOR_STYLES[i % COMPARATOR_STYLES.length]!;
      const byLabel = new Map(comparator.points.map((p) => [p.label, p.value]));
      const data = labels.map((label) => byLabel.get(label) ?? null);
      datasets.push({
        ...referenceLine(comparator.name, data, style.colour, style.dash, 2),
        spanGaps: true,
      });
    });
    for (const style of SPECIAL_CAUSE_STYLES) {
      if (!row.series.some((p) => p.pointType === style.type)) continue;
      datasets.push({
        label: style.label,
        data: row.series.map((p) => (p.pointType === style.type ? p.value : null)),
        showLine: false,
        pointStyle: style.pointStyle,
        pointRadius: 7,
        pointBorderWidth: 1.5,
        pointBackgroundColor: style.colour,
        pointBorderColor: '#0B0C0C',
        backgroundColor: style.colour,
        borderColor: '#0B0C0C',
        order: 0,
      });
    }

    // A long title drops to a smaller size rather than squeeze the plot with a third line at full size.
    const title = `${row.indicatorCode} ${row.indicatorTitle}`;
    let titleSize = 18;
    let titleLines = wrapText(measurer(ctx, titleSize, 'bold'), title, width - 32, 3);
    if (titleLines.length > 2) {
      titleSize = 15;
      titleLines = wrapText(measurer(ctx, titleSize, 'bold'), title, width - 32, 3);
    }
    const subtitleLines = wrapText(
      measurer(ctx, 14, 'normal'),
      `SPC: ${row.spc.variation}. Assurance: ${row.spc.assurance}.`,
      width - 32,
      2,
    );
    const noValues = values.every((v) => v === null);
    const measureTick = measurer(ctx, 14, 'normal');
    const widestLabel = Math.max(
      1,
      ...labels.map((label) => {
        const lines = splitPeriodLabel(label);
        return Math.max(...(Array.isArray(lines) ? lines : [lines]).map(measureTick));
      }),
    );
    // The plot is the canvas less the y axis (about 90 px) and padding; each label needs its width plus a gap.
    const fits = Math.max(1, Math.floor((width - 110) / (widestLabel + 10)));
    const labelStep = Math.max(1, Math.ceil(n / fits));
    const percentage = row.unit === 'percentage';

    return {
      type: 'line',
      data: { labels, datasets },
      options: {
        responsive: false,
        animation: false,
        devicePixelRatio: 1,
        locale: 'en-GB',
        layout: { padding: { left: 8, right: 16, top: 4, bottom: 4 } },
        plugins: {
          title: {
            display: true,
            text: titleLines,
            font: font(titleSize, 'bold'),
            color: TEXT_COLOUR,
            padding: { top: 6, bottom: 2 },
          },
          subtitle: {
            display: true,
            text: subtitleLines,
            font: font(14),
            color: SECONDARY_TEXT_COLOUR,
            padding: { bottom: 6 },
          },
          legend: {
            position: 'bottom',
            labels: {
              font: font(14),
              color: TEXT_COLOUR,
              usePointStyle: true,
              pointStyleWidth: 34,
              boxHeight: 10,
              padding: 12,
              filter: (item, data) =>
                !(data.datasets[item.datasetIndex ?? 0] as { hiddenInLegend?: boolean }).hiddenInLegend,
              sort: (a, b) => (a.datasetIndex ?? 0) - (b.datasetIndex ?? 0),
              generateLabels: lineLegendLabels,
            },
          },
          tooltip: { enabled: false },
        },
        scales: {
          x: {
            type: 'category',
            // Half a category of space at each end, so the first and last markers are not clipped.
            offset: true,
            ticks: {
              font: font(14),
              color: TEXT_COLOUR,
              maxRotation: 0,
              // Our own thinning, counted back from the latest period so that it is always labelled.
              autoSkip: false,
              callback(value, index) {
                return (n - 1 - index) % labelStep === 0 ? splitPeriodLabel(this.getLabelForValue(Number(value))) : '';
              },
            },
            grid: { display: false },
          },
          y: {
            type: 'linear',
            grace: '5%',
            ticks: {
              font: font(14),
              color: TEXT_COLOUR,
              callback: (value) => `${tickFormat.format(Number(value))}${percentage ? '%' : ''}`,
            },
            grid: { color: '#E5E5E5' },
            title: { display: true, text: unitAxisTitle(row.unit), font: font(14), color: SECONDARY_TEXT_COLOUR },
          },
        },
      },
      plugins: [
        whiteBackground,
        {
          id: 'noValues',
          afterDraw(chart) {
            if (!noValues) return;
            const area = chart.chartArea;
            const c = chart.ctx;
            c.save();
            c.fillStyle = SECONDARY_TEXT_COLOUR;
            c.font = `normal 18px ${FONT_FAMILY}`;
            c.textAlign = 'center';
            c.textBaseline = 'middle';
            c.fillText('No values reported', (area.left + area.right) / 2, (area.top + area.bottom) / 2);
            c.restore();
          },
        },
      ],
    } as ChartConfiguration<'line', (number | null)[], string>;
  });
}

const RAG_SEGMENTS: readonly {
  key: 'green' | 'amber' | 'red' | 'noTarget';
  rag: RagRating;
  label: string;
  word: string;
}[] = [
  { key: 'green', rag: 'green', label: 'Green: On target', word: 'green' },
  { key: 'amber', rag: 'amber', label: 'Amber: Near target', word: 'amber' },
  { key: 'red', rag: 'red', label: 'Red: Off target', word: 'red' },
  { key: 'noTarget', rag: 'none', label: 'No target', word: 'no target' },
];

/** Height that gives each priority a bar with room for a two-line label. */
export function ragSummaryChartHeight(priorityCount: number): number {
  return Math.max(240, 150 + 56 * priorityCount);
}

/**
 * Stacked horizontal bars of green / amber / red / no-target counts per priority. Each segment is labelled
 * with its count and, where it fits, its word; the legend names every colour.
 */
export function renderRagSummaryChart(
  perPriority: readonly PrioritySummary[],
  width: number = RAG_CHART_WIDTH,
): Buffer {
  const height = ragSummaryChartHeight(perPriority.length);
  return draw(width, height, (ctx) => {
    const labelWidth = Math.round(width * 0.32);
    const measureLabel = measurer(ctx, 14, 'normal');
    const labels = perPriority.map((p) =>
      wrapText(measureLabel, `${p.priorityCode} ${p.priorityTitle}`, labelWidth, 2),
    );
    const datasets: ChartDataset<'bar', number[]>[] = RAG_SEGMENTS.map((segment) => ({
      label: segment.label,
      data: perPriority.map((p) => p[segment.key]),
      backgroundColor: RAG_SWATCHES[segment.rag].fill,
      borderColor: '#FFFFFF',
      borderWidth: 1,
      barPercentage: 0.8,
      categoryPercentage: 0.9,
    }));

    const segmentLabels: Plugin<'bar'> = {
      id: 'segmentLabels',
      afterDatasetsDraw(chart) {
        const c = chart.ctx;
        c.save();
        c.font = `bold 14px ${FONT_FAMILY}`;
        c.textAlign = 'center';
        c.textBaseline = 'middle';
        RAG_SEGMENTS.forEach((segment, datasetIndex) => {
          const meta = chart.getDatasetMeta(datasetIndex);
          meta.data.forEach((element, index) => {
            const count = perPriority[index]![segment.key];
            if (!count) return;
            const bar = element as unknown as { x: number; y: number; base: number };
            const left = Math.min(bar.base, bar.x);
            const segmentWidth = Math.abs(bar.x - bar.base);
            const long = `${count} ${segment.word}`;
            const text = c.measureText(long).width + 8 <= segmentWidth ? long : `${count}`;
            if (c.measureText(text).width + 4 > segmentWidth) return;
            c.fillStyle = RAG_SWATCHES[segment.rag].text;
            c.fillText(text, left + segmentWidth / 2, bar.y);
          });
        });
        c.restore();
      },
    };

    return {
      type: 'bar',
      data: { labels, datasets },
      options: {
        indexAxis: 'y',
        responsive: false,
        animation: false,
        devicePixelRatio: 1,
        locale: 'en-GB',
        layout: { padding: { left: 8, right: 24, top: 4, bottom: 4 } },
        plugins: {
          title: {
            display: true,
            text: 'Targets by status and priority',
            font: font(18, 'bold'),
            color: TEXT_COLOUR,
          },
          legend: {
            position: 'bottom',
            labels: { font: font(14), color: TEXT_COLOUR, boxWidth: 18, boxHeight: 14, padding: 14 },
          },
          tooltip: { enabled: false },
        },
        scales: {
          x: {
            stacked: true,
            beginAtZero: true,
            ticks: { precision: 0, font: font(14), color: TEXT_COLOUR },
            title: { display: true, text: 'Number of targets', font: font(14), color: SECONDARY_TEXT_COLOUR },
          },
          y: {
            stacked: true,
            ticks: { font: font(14), color: TEXT_COLOUR, autoSkip: false },
            grid: { display: false },
          },
        },
      },
      plugins: [whiteBackground, segmentLabels],
    } as ChartConfiguration<'bar', number[], string[]>;
  });
}
