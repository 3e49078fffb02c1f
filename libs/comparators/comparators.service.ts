import { createHash } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { type Actor, adminActionBy } from '../access/index.js';
import { AuditService } from '../audit/index.js';
import { CatalogueService, type Indicator } from '../catalogue/index.js';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { formatPeriod, parsePeriod, type Period } from '../periods/index.js';
import { JobName, QueueService } from '../queue/index.js';
import { displayName, inspectUpload, readCsvRows, uploadLimits, type UploadLimits } from '../spreadsheets/index.js';
import {
  dfeRows,
  fingertipsRows,
  type ComparatorRow,
  type DfeMapping,
  type FingertipsMapping,
  type ParsedComparators,
} from './comparator-rows.js';
import { ComparatorsError, ComparatorsErrorCode } from './comparators.error.js';

export type ComparatorSource = 'fingertips' | 'dfe_ees';

export interface ImportOutcome {
  outcome: 'imported' | 'already_imported';
  importId: string;
  valueCount: number;
  areasCreated: number;
  rowsSkipped: number;
}

export interface MappingView {
  id: string;
  indicatorId: string;
  indicatorCode: string;
  source: ComparatorSource;
  fingertips: { indicatorId: number; sex: string | null; age: string | null } | null;
  dfe: {
    measureColumn: string;
    filters: Record<string, string>;
    countColumn: string | null;
    denominatorColumn: string | null;
    lowerCiColumn: string | null;
    upperCiColumn: string | null;
  } | null;
}

export interface ComparatorValueView {
  indicatorId: string;
  indicatorCode: string;
  areaId: string;
  areaCode: string;
  areaName: string;
  areaKind: string;
  period: Period & { label: string };
  value: number | null;
  lowerCi95: number | null;
  upperCi95: number | null;
  lowerCi998: number | null;
  upperCi998: number | null;
  count: number | null;
  denominator: number | null;
  suppressionMarker: string | null;
  note: string | null;
  importId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ALL = { page: 1, pageSize: 100_000 };
const COLUMN = /^[A-Za-z0-9_]+$/;
const num = (value: string | null): number | null => (value === null ? null : Number(value));

interface MappingRow {
  id: string;
  indicator_id: string;
  indicator_code: string;
  source: ComparatorSource;
  fingertips_indicator_id: number | null;
  fingertips_sex: string | null;
  fingertips_age: string | null;
  dfe_measure_column: string | null;
  dfe_filters: Record<string, string>;
  dfe_count_column: string | null;
  dfe_denominator_column: string | null;
  dfe_lower_ci_column: string | null;
  dfe_upper_ci_column: string | null;
}

/**
 * Comparator values (England, regions, other authorities) from the published national formats:
 * Fingertips CSV exports and DfE Explore Education Statistics tidy CSVs. An import is all or nothing
 * and idempotent by SHA-256; areas it names that the catalogue lacks are created with their GSS codes.
 */
@Injectable()
export class ComparatorsService {
  private readonly limits: UploadLimits;

  constructor(
    private readonly dataSource: DataSource,
    private readonly catalogue: CatalogueService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) config: AppConfig,
    // Absent only in contexts without a queue, which evaluate by a rebuild instead.
    @Optional() private readonly queues?: QueueService,
  ) {
    this.limits = uploadLimits({ maxBytes: config.uploadMaxBytes });
  }

  // ---- mappings ---------------------------------------------------------------------------------

  async setFingertipsMapping(
    indicatorRef: string,
    input: { fingertipsIndicatorId: number; sex?: string | null; age?: string | null },
    actor: Actor,
  ): Promise<MappingView> {
    if (!Number.isInteger(input.fingertipsIndicatorId) || input.fingertipsIndicatorId <= 0) {
      throw new ComparatorsError(
        ComparatorsErrorCode.InvalidMapping,
        'A Fingertips indicator id is a positive whole number, such as 93356.',
      );
    }
    const indicator = await this.resolveIndicator(indicatorRef);
    return this.saveMapping(
      indicator,
      'fingertips',
      {
        fingertips_indicator_id: input.fingertipsIndicatorId,
        fingertips_sex: input.sex?.trim() || null,
        fingertips_age: input.age?.trim() || null,
      },
      actor,
    );
  }

  async setDfeMapping(
    indicatorRef: string,
    input: {
      measureColumn: string;
      filters?: Record<string, string>;
      countColumn?: string | null;
      denominatorColumn?: string | null;
      lowerCiColumn?: string | null;
      upperCiColumn?: string | null;
    },
    actor: Actor,
  ): Promise<MappingView> {
    const columns = [
      input.measureColumn,
      ...Object.keys(input.filters ?? {}),
      input.countColumn,
      input.denominatorColumn,
      input.lowerCiColumn,
      input.upperCiColumn,
    ];
    const bad = columns.filter((c): c is string => typeof c === 'string' && !COLUMN.test(c));
    if (bad.length) {
      throw new ComparatorsError(
        ComparatorsErrorCode.InvalidMapping,
        `EES column names are letters, digits and underscores: ${bad.map((b) => `'${b}'`).join(', ')} is not one.`,
      );
    }
    if (Object.values(input.filters ?? {}).some((v) => typeof v !== 'string')) {
      throw new ComparatorsError(
        ComparatorsErrorCode.InvalidMapping,
        'Each filter is a column name and the text its rows must hold.',
      );
    }
    const indicator = await this.resolveIndicator(indicatorRef);
    return this.saveMapping(
      indicator,
      'dfe_ees',
      {
        dfe_measure_column: input.measureColumn,
        dfe_filters: JSON.stringify(input.filters ?? {}),
        dfe_count_column: input.countColumn ?? null,
        dfe_denominator_column: input.denominatorColumn ?? null,
        dfe_lower_ci_column: input.lowerCiColumn ?? null,
        dfe_upper_ci_column: input.upperCiColumn ?? null,
      },
      actor,
    );
  }

  async mappings(): Promise<MappingView[]> {
    const rows: MappingRow[] = await this.dataSource.query(
      `SELECT m.*, i.code AS indicator_code FROM indicator_comparator_source m JOIN indicator i ON i.id = m.indicator_id ORDER BY i.code, m.source`,
    );
    return rows.map(toMappingView);
  }

  private async saveMapping(
    indicator: Indicator,
    source: ComparatorSource,
    fields: Record<string, unknown>,
    actor: Actor,
  ): Promise<MappingView> {
    const names = Object.keys(fields);
    return this.dataSource.transaction(async (manager) => {
      const [before]: MappingRow[] = await manager.query(
        `SELECT * FROM indicator_comparator_source WHERE indicator_id = $1 AND source = $2`,
        [indicator.id, source],
      );
      const [{ id }] = await manager.query(
        `INSERT INTO indicator_comparator_source (indicator_id, source, ${names.join(', ')})
         VALUES ($1, $2, ${names.map((_, i) => `$${i + 3}`).join(', ')})
         ON CONFLICT (indicator_id, source) DO UPDATE SET ${names.map((n) => `${n} = EXCLUDED.${n}`).join(', ')}
         RETURNING id`,
        [indicator.id, source, ...Object.values(fields)],
      );
      const [after]: MappingRow[] = await manager.query(
        `SELECT m.*, $2::text AS indicator_code FROM indicator_comparator_source m WHERE id = $1`,
        [id, indicator.code],
      );
      await this.audit.record(manager, actor, {
        action: before ? 'update' : 'create',
        entityType: 'comparator_mapping',
        entityId: id,
        before: before ?? null,
        after,
      });
      return toMappingView(after);
    });
  }

  // ---- imports ----------------------------------------------------------------------------------

  async importFingertips(content: Buffer, fileName: string, actor: Actor): Promise<ImportOutcome> {
    const mappings: FingertipsMapping[] = (await this.mappings())
      .filter((m) => m.fingertips)
      .map((m) => ({
        indicatorId: m.indicatorId,
        indicatorCode: m.indicatorCode,
        fingertipsIndicatorId: m.fingertips!.indicatorId,
        sex: m.fingertips!.sex,
        age: m.fingertips!.age,
      }));
    return this.importFile('fingertips', content, fileName, actor, mappings.length, (records, label) =>
      fingertipsRows(records, mappings, label),
    );
  }

  async importDfe(content: Buffer, fileName: string, actor: Actor): Promise<ImportOutcome> {
    const mappings: DfeMapping[] = (await this.mappings())
      .filter((m) => m.dfe)
      .map((m) => ({ indicatorId: m.indicatorId, indicatorCode: m.indicatorCode, ...m.dfe! }));
    return this.importFile('dfe_ees', content, fileName, actor, mappings.length, (records, label) =>
      dfeRows(records, mappings, label),
    );
  }

  /** Who imported each file is an email for admins only. */
  async imports(reader: Actor): Promise<unknown[]> {
    const rows: { importedBy: string }[] = await this.dataSource.query(
      `SELECT id, source, file_name AS "fileName", sha256, byte_size::int AS "byteSize", imported_by AS "importedBy", imported_at AS "importedAt",
              value_count AS "valueCount", areas_created AS "areasCreated", rows_skipped AS "rowsSkipped"
         FROM comparator_import ORDER BY imported_at DESC LIMIT 500`,
    );
    return rows.map((row) => ({ ...row, importedBy: adminActionBy(reader, row.importedBy) }));
  }

  private async importFile(
    source: ComparatorSource,
    content: Buffer,
    fileName: string,
    actor: Actor,
    mappingCount: number,
    parse: (
      records: AsyncIterable<{ rowNumber: number; cells: readonly string[] }>,
      label: string,
    ) => Promise<ParsedComparators>,
  ): Promise<ImportOutcome> {
    const label = displayName(fileName);
    if ((await inspectUpload(content, fileName, this.limits)) !== 'csv') {
      throw new ComparatorsError(
        ComparatorsErrorCode.Rejected,
        `'${label}' is a workbook; upload the CSV file as published.`,
      );
    }
    const sha256 = createHash('sha256').update(content).digest('hex');
    const existing = await this.findImport(this.dataSource.manager, source, sha256);
    if (existing) return { ...existing, outcome: 'already_imported' };
    if (mappingCount === 0) {
      throw new ComparatorsError(
        ComparatorsErrorCode.Rejected,
        `No indicator is mapped to ${source === 'fingertips' ? 'a Fingertips indicator' : 'a DfE measure'} yet; map one first (PUT /api/comparators/mappings/${source === 'fingertips' ? 'fingertips' : 'dfe'}).`,
      );
    }
    // Read as it is parsed: only the rows for mapped indicators are held.
    const parsed = await parse(readCsvRows(content, { fileName, limits: this.limits }), label);
    if (parsed.problems.length > 0) {
      throw new ComparatorsError(
        ComparatorsErrorCode.Rejected,
        `'${label}' was not imported: ${parsed.problems.length} problem${parsed.problems.length === 1 ? '' : 's'} (nothing was saved).`,
        parsed.problems,
      );
    }
    if (parsed.rows.length === 0) {
      throw new ComparatorsError(
        ComparatorsErrorCode.Rejected,
        `'${label}' has no rows for a mapped indicator (${parsed.skipped} rows skipped); check the mappings.`,
      );
    }
    return this.dataSource.transaction(async (manager) => {
      // Two imports of the same bytes at once: the second waits, then finds the first.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`comparator-import:${source}:${sha256}`]);
      const raced = await this.findImport(manager, source, sha256);
      if (raced) return { ...raced, outcome: 'already_imported' as const };
      const areaIds = await this.ensureAreas(manager, parsed.rows, actor);
      const [{ id: importId }] = await manager.query(
        `INSERT INTO comparator_import (source, file_name, sha256, byte_size, imported_by, value_count, areas_created, rows_skipped)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [source, fileName, sha256, content.length, actor.label, parsed.rows.length, areaIds.created, parsed.skipped],
      );
      await this.upsertValues(manager, importId, parsed.rows, areaIds.byCode);
      const outcome: ImportOutcome = {
        outcome: 'imported',
        importId,
        valueCount: parsed.rows.length,
        areasCreated: areaIds.created,
        rowsSkipped: parsed.skipped,
      };
      await this.audit.record(manager, actor, {
        action: 'import',
        entityType: 'comparator_import',
        entityId: importId,
        before: null,
        after: { source, fileName, sha256, ...outcome },
      });
      // New England values can make an indicator "worse than England and worsening", or stop it being so.
      await this.queues?.enqueueAfterCommit(manager, JobName.EvaluateIndicators, {
        indicatorIds: [...new Set(parsed.rows.map((row) => row.indicatorId))].sort(),
        cause: `comparator-import.${importId}`,
      });
      return outcome;
    });
  }

  private async findImport(
    manager: EntityManager,
    source: ComparatorSource,
    sha256: string,
  ): Promise<Omit<ImportOutcome, 'outcome'> | null> {
    const [row]: { id: string; value_count: number; areas_created: number; rows_skipped: number }[] =
      await manager.query(
        `SELECT id, value_count, areas_created, rows_skipped FROM comparator_import WHERE source = $1 AND sha256 = $2`,
        [source, sha256],
      );
    return row
      ? {
          importId: row.id,
          valueCount: row.value_count,
          areasCreated: row.areas_created,
          rowsSkipped: row.rows_skipped,
        }
      : null;
  }

  /** Areas the file names and the catalogue lacks become comparator areas, through the catalogue (audited). */
  private async ensureAreas(
    manager: EntityManager,
    rows: readonly ComparatorRow[],
    actor: Actor,
  ): Promise<{ byCode: Map<string, string>; created: number }> {
    const { items } = await this.catalogue.listAreas({}, undefined, ALL);
    const byCode = new Map(items.map((a) => [a.code, a.id]));
    let created = 0;
    for (const { area } of rows) {
      if (byCode.has(area.code)) continue;
      const made = await this.catalogue.createArea(
        { code: area.code, name: area.name, kind: area.kind, parentCode: area.parentCode },
        actor,
        manager,
      );
      byCode.set(area.code, made.id);
      created += 1;
    }
    return { byCode, created };
  }

  private async upsertValues(
    manager: EntityManager,
    importId: string,
    rows: readonly ComparatorRow[],
    areaIds: ReadonlyMap<string, string>,
  ): Promise<void> {
    const CHUNK = 2_000;
    for (let start = 0; start < rows.length; start += CHUNK) {
      const chunk = rows.slice(start, start + CHUNK).map((r) => ({
        indicator_id: r.indicatorId,
        area_id: areaIds.get(r.area.code),
        period_type: r.period.type,
        period_start: r.period.start,
        period_end: r.period.end,
        value: r.value,
        lower_ci95: r.lowerCi95,
        upper_ci95: r.upperCi95,
        lower_ci998: r.lowerCi998,
        upper_ci998: r.upperCi998,
        count: r.count,
        denominator: r.denominator,
        suppression_marker: r.suppressionMarker,
        note: r.note,
      }));
      await manager.query(
        `INSERT INTO comparator_value (indicator_id, area_id, period_type, period_start, period_end, value, lower_ci95, upper_ci95,
                                       lower_ci998, upper_ci998, count, denominator, suppression_marker, note, import_id)
         SELECT r.indicator_id, r.area_id, r.period_type, r.period_start, r.period_end, r.value, r.lower_ci95, r.upper_ci95,
                r.lower_ci998, r.upper_ci998, r.count, r.denominator, r.suppression_marker, r.note, $2
           FROM jsonb_to_recordset($1::jsonb) AS r(indicator_id uuid, area_id uuid, period_type text, period_start date, period_end date,
                value numeric, lower_ci95 numeric, upper_ci95 numeric, lower_ci998 numeric, upper_ci998 numeric, count numeric,
                denominator numeric, suppression_marker text, note text)
         ON CONFLICT (indicator_id, area_id, period_type, period_start) DO UPDATE SET
           period_end = EXCLUDED.period_end, value = EXCLUDED.value, lower_ci95 = EXCLUDED.lower_ci95, upper_ci95 = EXCLUDED.upper_ci95,
           lower_ci998 = EXCLUDED.lower_ci998, upper_ci998 = EXCLUDED.upper_ci998, count = EXCLUDED.count,
           denominator = EXCLUDED.denominator, suppression_marker = EXCLUDED.suppression_marker, note = EXCLUDED.note,
           import_id = EXCLUDED.import_id`,
        [JSON.stringify(chunk), importId],
      );
    }
  }

  // ---- reads ------------------------------------------------------------------------------------

  async values(filter: { indicator?: string; area?: string; period?: string }): Promise<ComparatorValueView[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.indicator)
      where.push(
        UUID.test(filter.indicator)
          ? `v.indicator_id = $${params.push(filter.indicator)}`
          : `lower(i.code) = lower($${params.push(filter.indicator)})`,
      );
    if (filter.area)
      where.push(
        UUID.test(filter.area)
          ? `v.area_id = $${params.push(filter.area)}`
          : `lower(a.code) = lower($${params.push(filter.area)})`,
      );
    if (filter.period) {
      const parsed = parsePeriod(filter.period);
      if (!parsed.ok) throw new ComparatorsError(ComparatorsErrorCode.Rejected, `${parsed.message}.`);
      where.push(
        `v.period_type = $${params.push(parsed.period.type)}`,
        `v.period_start = $${params.push(parsed.period.start)}`,
      );
    }
    const rows: Record<string, string | null>[] = await this.dataSource.query(
      `SELECT v.indicator_id, i.code AS indicator_code, v.area_id, a.code AS area_code, a.name AS area_name, a.kind AS area_kind, v.period_type,
              to_char(v.period_start, 'YYYY-MM-DD') AS period_start, to_char(v.period_end, 'YYYY-MM-DD') AS period_end,
              v.value, v.lower_ci95, v.upper_ci95, v.lower_ci998, v.upper_ci998, v.count, v.denominator, v.suppression_marker, v.note, v.import_id
         FROM comparator_value v JOIN indicator i ON i.id = v.indicator_id JOIN area a ON a.id = v.area_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY i.code, v.period_start, a.kind, a.code LIMIT 10000`,
      params,
    );
    return rows.map((r) => {
      const period = { type: r.period_type, start: r.period_start, end: r.period_end } as Period;
      return {
        indicatorId: r.indicator_id!,
        indicatorCode: r.indicator_code!,
        areaId: r.area_id!,
        areaCode: r.area_code!,
        areaName: r.area_name!,
        areaKind: r.area_kind!,
        period: { ...period, label: formatPeriod(period) },
        value: num(r.value),
        lowerCi95: num(r.lower_ci95),
        upperCi95: num(r.upper_ci95),
        lowerCi998: num(r.lower_ci998),
        upperCi998: num(r.upper_ci998),
        count: num(r.count),
        denominator: num(r.denominator),
        suppressionMarker: r.suppression_marker,
        note: r.note,
        importId: r.import_id!,
      };
    });
  }

  private async resolveIndicator(reference: string): Promise<Indicator> {
    if (UUID.test(reference)) {
      return this.catalogue.getIndicator(reference).catch(() => {
        throw new ComparatorsError(ComparatorsErrorCode.NotFound, `No indicator '${reference}' exists.`);
      });
    }
    const { items } = await this.catalogue.listIndicators({}, reference, ALL);
    const found = items.find((i) => i.code.toLowerCase() === reference.toLowerCase());
    if (!found) throw new ComparatorsError(ComparatorsErrorCode.NotFound, `No indicator '${reference}' exists.`);
    return found;
  }
}

function toMappingView(row: MappingRow): MappingView {
  return {
    id: row.id,
    indicatorId: row.indicator_id,
    indicatorCode: row.indicator_code,
    source: row.source,
    fingertips:
      row.source === 'fingertips'
        ? { indicatorId: row.fingertips_indicator_id!, sex: row.fingertips_sex, age: row.fingertips_age }
        : null,
    dfe:
      row.source === 'dfe_ees'
        ? {
            measureColumn: row.dfe_measure_column!,
            filters: row.dfe_filters,
            countColumn: row.dfe_count_column,
            denominatorColumn: row.dfe_denominator_column,
            lowerCiColumn: row.dfe_lower_ci_column,
            upperCiColumn: row.dfe_upper_ci_column,
          }
        : null,
  };
}
