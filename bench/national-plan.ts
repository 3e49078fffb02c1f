/**
 * A national-scale plan for the benchmarks: 500 indicators × 150 areas, quarterly values bulk-loaded with COPY,
 * financial-year targets owned by 20 lead groups, England's values for one indicator in 25. Deterministic.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { copyInto, type CopyCell } from '../libs/database/index.js';
import type { Period } from '../libs/periods/index.js';
import { INDICATOR_RETURN_COLUMNS, random, uuid } from './support.js';

export const INDICATORS = 500;
export const AREAS = 150;
const GROUPS = 20;
const FINANCIAL_YEARS = [2023, 2024, 2025, 2026];
export interface IndicatorSpec {
  id: string;
  code: string;
  unit: 'percentage' | 'rate_per_1000' | 'count';
  polarity: 'higher_is_better' | 'lower_is_better';
  rollUp: 'recompute' | 'sum';
  cumulative: boolean;
  target: number;
  groupIndex: number;
  hasEngland: boolean;
}

export function indicatorSpecs(): IndicatorSpec[] {
  return Array.from({ length: INDICATORS }, (_, i) => {
    const kind = i % 5;
    const base = { id: uuid(1, i), code: `B${String(i).padStart(4, '0')}`, groupIndex: i % GROUPS };
    if (kind <= 2) {
      return {
        ...base,
        unit: 'percentage',
        polarity: kind === 2 ? 'lower_is_better' : 'higher_is_better',
        rollUp: 'recompute',
        cumulative: false,
        target: kind === 2 ? 20 : 70,
        hasEngland: i % 25 === 0,
      };
    }
    if (kind === 3)
      return {
        ...base,
        unit: 'rate_per_1000',
        polarity: 'lower_is_better',
        rollUp: 'recompute',
        cumulative: false,
        target: 15,
        hasEngland: false,
      };
    return {
      ...base,
      unit: 'count',
      polarity: 'higher_is_better',
      rollUp: 'sum',
      cumulative: true,
      target: 120,
      hasEngland: false,
    };
  });
}

interface Generated {
  value: number;
  numerator: number | null;
  denominator: number | null;
}

/** One value of a series: the area's level around the target, a gentle trend and noise; a few impossible percentages. */
export function generate(
  spec: IndicatorSpec,
  next: () => number,
  level: number,
  slope: number,
  q: number,
  cumulativeSoFar: number,
): Generated {
  const noise = (next() - 0.5) * 2;
  if (spec.unit === 'percentage') {
    const denominator = 100 + Math.floor(next() * 300);
    let p = Math.min(99, Math.max(1, level + slope * q + noise * 4));
    if (next() < 0.001) p = 101 + next() * 4;
    const numerator = Math.round((denominator * p) / 100);
    return { value: Math.round((numerator / denominator) * 1000) / 10, numerator, denominator };
  }
  if (spec.unit === 'rate_per_1000') {
    const denominator = 2000 + Math.floor(next() * 8000);
    const rate = Math.max(0.5, level + slope * q + noise * 2);
    const numerator = Math.round((denominator * rate) / 1000);
    return { value: Math.round((numerator / denominator) * 10000) / 10, numerator, denominator };
  }
  const inQuarter = Math.max(0, Math.round(level / 4 + noise * 6));
  return { value: cumulativeSoFar + inQuarter, numerator: null, denominator: null };
}

export async function seed(
  databaseUrl: string,
  specs: IndicatorSpec[],
  quarters: readonly Period[],
): Promise<{ values: number; areaIds: string[]; groupIds: string[] }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const copy = (table: string, columns: readonly string[], rows: Iterable<CopyCell[]>): Promise<void> =>
    copyInto(client, table, columns, rows);
  try {
    await client.query(
      `INSERT INTO plan (id, code, title, start_year, end_year) VALUES ($1, 'BENCH', 'Benchmark plan', 2023, 2026)`,
      [uuid(9, 0)],
    );
    await client.query(
      `INSERT INTO priority (id, plan_id, code, title) SELECT ('00000008-0000-4000-8000-' || lpad(to_hex(n), 12, '0'))::uuid, $1, 'P' || n, 'Priority ' || n FROM generate_series(0, 4) n`,
      [uuid(9, 0)],
    );
    const groupIds = Array.from({ length: GROUPS }, (_, g) => uuid(2, g));
    await copy(
      'partnership_group',
      ['id', 'code', 'name', 'kind'],
      groupIds.map((id, g) => [id, `G${g}`, `Lead group ${g}`, 'lead_group']),
    );
    const areaIds = Array.from({ length: AREAS }, (_, a) => uuid(3, a));
    await copy(
      'area',
      ['id', 'code', 'name', 'kind', 'is_home'],
      [
        ...areaIds.map((id, a): CopyCell[] => [
          id,
          a === 0 ? 'E10000019' : `L${a}`,
          a === 0 ? 'Home authority' : `Locality ${a}`,
          a === 0 ? 'local_authority' : 'locality',
          a === 0,
        ]),
        [uuid(3, 9999), 'E92000001', 'England', 'country', false],
      ],
    );
    await copy(
      'indicator',
      [
        'id',
        'code',
        'title',
        'unit',
        'decimal_places',
        'polarity',
        'frequency',
        'roll_up',
        'cumulative_ytd',
        'priority_id',
      ],
      specs.map((s, i) => [
        s.id,
        s.code,
        `Benchmark indicator ${i}`,
        s.unit,
        s.unit === 'count' ? 0 : 1,
        s.polarity,
        'quarterly',
        s.rollUp,
        s.cumulative,
        uuid(8, i % 5),
      ]),
    );
    const targets: CopyCell[][] = [];
    const versions: CopyCell[][] = [];
    const owners: CopyCell[][] = [];
    specs.forEach((s, i) => {
      FINANCIAL_YEARS.forEach((fy, f) => {
        const id = uuid(4, i * 10 + f);
        targets.push([id, s.id, 'financial_year', `${fy}-04-01`, `${fy + 1}-03-31`]);
        const relative = s.unit !== 'percentage';
        versions.push([
          uuid(5, i * 10 + f),
          id,
          1,
          s.target,
          relative ? 'relative' : 'absolute',
          relative ? 0.1 : 3,
          relative ? 'relative' : 'absolute',
          relative ? 0.25 : 8,
        ]);
        owners.push([id, uuid(2, s.groupIndex), 'bench']);
      });
    });
    await copy('target', ['id', 'indicator_id', 'period_type', 'period_start', 'period_end'], targets);
    await copy(
      'target_version',
      [
        'id',
        'target_id',
        'version',
        'value',
        'tolerance_kind',
        'tolerance_amount',
        'exceptional_kind',
        'exceptional_amount',
      ],
      versions,
    );
    await copy('target_ownership', ['target_id', 'group_id', 'changed_by'], owners);

    const returnId = (g: number, q: number): string => uuid(6, g * 100 + q);
    const returns: CopyCell[][] = [];
    groupIds.forEach((groupId, g) =>
      quarters.forEach((period, q) => {
        returns.push([
          returnId(g, q),
          groupId,
          period.type,
          period.start,
          period.end,
          `bench-${g}-${q}.csv`,
          randomBytes(32).toString('hex'),
          1000,
          'seed',
          'bench',
          'system',
          `${period.end}T12:00:00Z`,
          'accepted',
          (INDICATORS / GROUPS) * AREAS,
        ]);
      }),
    );
    await copy('indicator_return', INDICATOR_RETURN_COLUMNS, returns);

    let values = 0;
    const rows = function* (): Generator<CopyCell[]> {
      for (const [i, s] of specs.entries()) {
        const next = random(i + 1);
        for (const areaId of areaIds) {
          const level = s.target * (1 + (next() - 0.5) * 0.2);
          const slope = (next() - 0.5) * (s.unit === 'count' ? 0 : 0.8);
          let cumulative = 0;
          for (const [q, period] of quarters.entries()) {
            if (period.start.slice(5, 7) === '04') cumulative = 0;
            const v = generate(s, next, level, slope, q, cumulative);
            if (s.cumulative) cumulative = v.value;
            values += 1;
            yield [
              s.id,
              areaId,
              period.type,
              period.start,
              period.end,
              v.value,
              v.numerator,
              v.denominator,
              'actual',
              returnId(s.groupIndex, q),
              `${period.end}T12:00:00Z`,
            ];
          }
        }
      }
    };
    await copy(
      'current_value',
      [
        'indicator_id',
        'area_id',
        'period_type',
        'period_start',
        'period_end',
        'value',
        'numerator',
        'denominator',
        'status',
        'return_id',
        'updated_at',
      ],
      rows(),
    );

    await client.query(
      `INSERT INTO comparator_import (id, source, file_name, sha256, byte_size, imported_by) VALUES ($1, 'fingertips', 'bench.csv', $2, 1, 'bench')`,
      [uuid(7, 0), randomBytes(32).toString('hex')],
    );
    const england: CopyCell[][] = [];
    for (const s of specs.filter((spec) => spec.hasEngland)) {
      for (const period of quarters)
        england.push([
          s.id,
          uuid(3, 9999),
          period.type,
          period.start,
          period.end,
          s.polarity === 'higher_is_better' ? s.target + 2 : s.target - 2,
          uuid(7, 0),
        ]);
    }
    await copy(
      'comparator_value',
      ['indicator_id', 'area_id', 'period_type', 'period_start', 'period_end', 'value', 'import_id'],
      england,
    );
    await client.query('ANALYZE');
    return { values, areaIds, groupIds };
  } finally {
    await client.end();
  }
}
