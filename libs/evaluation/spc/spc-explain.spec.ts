import { describe, expect, it } from 'vitest';
import { calculateSpc } from './spc.js';
import { describeAssurance, describeSignal, describeVariation, explainSpc, formatSpcValue } from './spc-explain.js';
import type { SpcInputPoint, SpcOptions, SpcResult } from './spc-types.js';

const BASELINE_ENDING_HIGH = Array.from({ length: 12 }, (_, index) => (index % 2 === 0 ? 9 : 11));
const BASELINE_ENDING_LOW = Array.from({ length: 12 }, (_, index) => (index % 2 === 0 ? 11 : 9));

/** Quarters from Q1 2020-21, so the 13th point is Q1 2023-24. */
const quarter = (index: number): string => {
  const year = 2020 + Math.floor(index / 4);
  return `Q${(index % 4) + 1} ${year}-${String((year + 1) % 100).padStart(2, '0')}`;
};

const run = (values: readonly (number | null)[], options: Partial<SpcOptions> = {}): SpcResult => {
  const points: SpcInputPoint[] = values.map((y, index) => ({ x: quarter(index), y }));
  return calculateSpc(points, { polarity: 'higher_is_better', fixAfterNPoints: 12, ...options });
};

const signalOf = (result: SpcResult, rule: string) => result.signals.find((signal) => signal.rule === rule)!;

describe(describeVariation.name, () => {
  it('names the concern, its side, the rule and the period range', () => {
    const sut = run([...BASELINE_ENDING_HIGH, 9.5, 9.5, 9.5, 9.5, 9.5, 9.5, 9.5]);
    expect(describeVariation(sut)).toBe(
      'Special cause concern (low): 7 points below the mean (Q1 2023-24 to Q3 2024-25).',
    );
  });

  it('says when the latest point is common cause', () => {
    expect(describeVariation(run([...BASELINE_ENDING_HIGH, 10.5]))).toBe(
      'Common cause variation: the latest point (Q1 2023-24) shows no special cause.',
    );
  });

  it('names neutral special cause with its side', () => {
    const sut = run([...BASELINE_ENDING_HIGH, 16], { polarity: 'no_polarity' });
    expect(describeVariation(sut)).toBe(
      'Special cause variation (neutral, high): 1 point above the upper process limit (Q1 2023-24).',
    );
  });

  it('adds a note when the limits are trial limits', () => {
    const points = [1, 2, 3, 4, 5, 6, 7].map((y, index) => ({ x: quarter(index), y }));
    expect(describeVariation(calculateSpc(points, { polarity: 'lower_is_better' }))).toBe(
      'Special cause concern (high): 1 point above the upper process limit (Q3 2021-22). ' +
        'The limits are trial limits, based on only 7 values.',
    );
  });

  it('says when there is nothing to assess', () => {
    expect(describeVariation(calculateSpc([], { polarity: 'higher_is_better' }))).toBe(
      'No variation assessment: the series has no values.',
    );
  });
});

describe(describeSignal.name, () => {
  it('describes a rising trend', () => {
    const sut = run([...BASELINE_ENDING_LOW, 9.2, 9.4, 9.6, 9.8, 10, 10.2]);
    expect(describeSignal(signalOf(sut, 'trend'))).toBe('7 points in a row rising (Q4 2022-23 to Q2 2024-25)');
  });

  it('describes a falling trend', () => {
    const sut = run([...BASELINE_ENDING_HIGH, 10.8, 10.6, 10.4, 10.2, 10, 9.8]);
    expect(describeSignal(signalOf(sut, 'trend'))).toBe('7 points in a row falling (Q4 2022-23 to Q2 2024-25)');
  });

  it('describes two of three near the lower limit', () => {
    const sut = run([...BASELINE_ENDING_HIGH, 9.5, 6, 6]);
    expect(describeSignal(signalOf(sut, 'two_in_three'))).toBe(
      '2 of 3 points near the lower process limit, beyond two sigma (Q1 2023-24 to Q3 2023-24)',
    );
  });

  it('describes a point below the lower limit', () => {
    const sut = run([...BASELINE_ENDING_HIGH, 4]);
    expect(describeSignal(signalOf(sut, 'outside_limits'))).toBe('1 point below the lower process limit (Q1 2023-24)');
  });

  it('describes a run above the mean', () => {
    const sut = run([...BASELINE_ENDING_LOW, 10.5, 10.5, 10.5, 10.5, 10.5, 10.5, 10.5]);
    expect(describeSignal(signalOf(sut, 'one_side_of_mean'))).toBe(
      '7 points above the mean (Q1 2023-24 to Q3 2024-25)',
    );
  });
});

describe(describeAssurance.name, () => {
  const values = [...BASELINE_ENDING_HIGH, 10.5];

  it('explains hit and miss with the limits', () => {
    expect(describeAssurance(run(values, { target: 12 }))).toBe(
      'Assurance: hit and miss. The target (12) lies within the process limits (4.68 to 15.32), so it will be met only some of the time.',
    );
  });

  it('explains a consistent fail when higher is better and the target is above the upper limit', () => {
    expect(describeAssurance(run(values, { target: 16 }))).toBe(
      'Assurance: consistently failing. The target (16) is above the upper process limit (15.32), so it will not be met unless the process changes.',
    );
  });

  it('explains a consistent pass when lower is better and the target is above the upper limit', () => {
    expect(describeAssurance(run(values, { target: 16, polarity: 'lower_is_better' }))).toBe(
      'Assurance: consistently passing. The target (16) is above the upper process limit (15.32), so it will be met unless the process changes.',
    );
  });

  it('explains a consistent pass when higher is better and the target is below the lower limit', () => {
    expect(describeAssurance(run(values, { target: 4 }))).toContain(
      'consistently passing. The target (4) is below the lower process limit (4.68)',
    );
  });

  it('explains a consistent fail when lower is better and the target is below the lower limit', () => {
    expect(describeAssurance(run(values, { target: 4, polarity: 'lower_is_better' }))).toContain(
      'consistently failing',
    );
  });

  it.each([
    [{}, 'No assurance: there is no target.'],
    [{ target: 12, polarity: 'no_polarity' }, 'No assurance: neither higher nor lower is better for this measure.'],
  ] as const)('explains why there is no assurance (%o)', (options, expected) => {
    expect(describeAssurance(run(values, options))).toBe(expected);
  });

  it('explains missing limits', () => {
    expect(describeAssurance(run([5], { target: 4 }))).toBe(
      'No assurance: the process limits could not be calculated.',
    );
  });

  it('uses a caller-supplied formatter', () => {
    const sut = describeAssurance(run(values, { target: 16 }), { formatValue: (value) => `${value.toFixed(1)}%` });
    expect(sut).toContain('The target (16.0%) is above the upper process limit (15.3%)');
  });
});

describe(explainSpc.name, () => {
  it('joins the variation and assurance explanations', () => {
    const sut = run([...BASELINE_ENDING_HIGH, 9.5, 9.5, 9.5, 9.5, 9.5, 9.5, 9.5], { target: 16 });
    expect(explainSpc(sut)).toBe(
      'Special cause concern (low): 7 points below the mean (Q1 2023-24 to Q3 2024-25). ' +
        'Assurance: consistently failing. The target (16) is above the upper process limit (15.32), so it will not be met unless the process changes.',
    );
  });
});

describe(formatSpcValue.name, () => {
  it.each([
    [15.32, '15.32'],
    [0.8614049789, '0.8614'],
    [1946858.4166, '1,946,858.4'],
    [-3.01138, '-3.011'],
  ])('formats %s as %s', (value, expected) => {
    expect(formatSpcValue(value)).toBe(expected);
  });
});
