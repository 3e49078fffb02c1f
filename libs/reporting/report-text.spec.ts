import { describe, expect, it } from 'vitest';
import {
  buildException,
  buildPriority,
  buildReportModel,
  buildTargetRow,
} from '../../test/factories/report-model.factory.js';
import {
  EXCEPTION_KIND_LABELS as API_KIND_LABELS,
  EXCEPTION_STATUS_LABELS as API_STATUS_LABELS,
} from '../series/exception-kinds.js';
import {
  EXCEPTION_KIND_LABELS,
  EXCEPTION_STATUS_LABELS,
  excelNumberFormat,
  formatDateTime,
  formatValue,
  latestText,
  orderExceptions,
  ragText,
} from './report-text.js';

describe(formatValue.name, () => {
  it.each([
    [12.5, 'percentage', 1, '12.5%'],
    [34.25, 'rate_per_1000', 1, '34.3 per 1,000'],
    [1204, 'count', 0, '1,204'],
    [45, 'days', 0, '45 days'],
    [612.34, 'rate_per_100000', 2, '612.34 per 100,000'],
    [null, 'score', 1, 'No value'],
  ] as const)('formats %s %s to %i places as %s', (value, unit, dp, expected) => {
    expect(formatValue(value, unit, dp)).toBe(expected);
  });
});

describe(excelNumberFormat.name, () => {
  it.each([
    ['percentage', 1, '0.0"%"'],
    ['percentage', 0, '0"%"'],
    ['rate_per_10000', 1, '#,##0.0'],
    ['count', 0, '#,##0'],
    ['days', 0, '0'],
    ['score', 2, '#,##0.00'],
  ] as const)('gives %s to %i places the format %s', (unit, dp, expected) => {
    expect(excelNumberFormat(unit, dp)).toBe(expected);
  });
});

describe(ragText.name, () => {
  it('puts the colour word before the label', () => {
    expect(ragText({ rag: 'amber', ragLabel: 'Near target' })).toBe('Amber: Near target');
    expect(ragText({ rag: 'none', ragLabel: 'No target' })).toBe('No target');
  });
});

describe(latestText.name, () => {
  it('says when a value is provisional or suppressed', () => {
    expect(latestText(buildTargetRow({ latest: { periodLabel: 'Q2', value: 12.5, status: 'provisional' } }))).toBe(
      '12.5% (provisional)',
    );
    expect(latestText(buildTargetRow({ latest: { periodLabel: 'Q2', value: null, status: 'suppressed' } }))).toBe(
      'Suppressed (small numbers)',
    );
  });
});

describe(formatDateTime.name, () => {
  it('shows UK time, including summer time', () => {
    expect(formatDateTime('2024-07-01T08:30:00Z')).toBe('1 July 2024, 09:30');
    expect(formatDateTime('2024-12-01T08:30:00Z')).toBe('1 December 2024, 08:30');
  });
});

describe(orderExceptions.name, () => {
  it('groups by priority in plan order, then owning group, with concerns before positives', () => {
    const model = buildReportModel({
      priorities: [buildPriority({ code: 'P2' }), buildPriority({ code: 'P1' })],
      exceptions: [
        buildException({ priorityCode: 'P1', owningGroup: 'A group', indicatorCode: 'X1' }),
        buildException({ priorityCode: 'P2', owningGroup: 'B group', positive: true, indicatorCode: 'X2' }),
        buildException({ priorityCode: 'P2', owningGroup: 'B group', positive: false, indicatorCode: 'X3' }),
        buildException({ priorityCode: 'P9', owningGroup: 'A group', indicatorCode: 'X4' }),
        buildException({ priorityCode: 'P2', owningGroup: 'A group', indicatorCode: 'X5' }),
      ],
    });

    expect(orderExceptions(model).map((e) => e.indicatorCode)).toEqual(['X5', 'X3', 'X2', 'X1', 'X4']);
  });
});

describe('exception vocabulary', () => {
  it('names each kind and status in the papers with the words the API uses', () => {
    expect(EXCEPTION_KIND_LABELS).toEqual(API_KIND_LABELS);
    expect(EXCEPTION_STATUS_LABELS).toEqual(API_STATUS_LABELS);
    expect(EXCEPTION_KIND_LABELS.worse_and_worsening).toBe('Worse than England and worsening');
  });
});
