import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { type Actor, CLASSIFICATIONS, type Classification, type Role, ROLES } from '../access/index.js';
import { AuditService } from '../audit/index.js';
import { Clock } from '../common/index.js';
import { REPORT_TYPE_RULES, REPORT_TYPES, type ReportTypeName } from './report-types.js';
import { ReportsError, ReportsErrorCode } from './reports.error.js';

/** How a partnership treats one paper type: its classification and who it is for. */
export interface PaperSetting {
  type: ReportTypeName;
  title: string;
  /** The meeting it is tabled at, e.g. "CYP Executive". */
  audienceName: string;
  classification: Classification;
  confidential: boolean;
  /** The roles it is for, as configured. */
  audience: Role[];
  /** Who may read it: the audience and admins; never viewers when it is confidential. */
  readers: Role[];
  /** False while the type keeps the platform's defaults. */
  customised: boolean;
}

export interface PaperSettingInput {
  classification: Classification;
  audience: readonly Role[];
}

/** The readers a paper of this classification and audience has (issue 10; README "Who sees what"). */
export function readersOf(classification: Classification, audience: readonly Role[]): Role[] {
  return ROLES.filter(
    (role) => role === 'admin' || (audience.includes(role) && !(classification !== 'official' && role === 'viewer')),
  );
}

function settingOf(
  type: ReportTypeName,
  stored: { classification: Classification; audience: Role[] } | undefined,
): PaperSetting {
  const rule = REPORT_TYPE_RULES[type];
  const classification = stored?.classification ?? rule.classification;
  const audience = stored?.audience ?? [...rule.roles];
  return {
    type,
    title: rule.title,
    audienceName: rule.audience,
    classification,
    confidential: classification === 'official-sensitive',
    audience,
    readers: readersOf(classification, audience),
    customised: stored !== undefined,
  };
}

/**
 * Each paper type's classification and audience for this partnership (issue 10): Lincolnshire keeps
 * personal information out of public papers, Blackpool treats every partnership paper as confidential. A
 * type without a setting keeps the defaults in report-types.ts. A report keeps the setting it was requested
 * under, so a change applies to new papers only.
 */
@Injectable()
export class PaperSettingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async all(): Promise<PaperSetting[]> {
    const stored = await this.stored(this.dataSource.manager);
    return REPORT_TYPES.map((type) => settingOf(type, stored.get(type)));
  }

  async forType(manager: EntityManager, type: ReportTypeName): Promise<PaperSetting> {
    return settingOf(type, (await this.stored(manager, type)).get(type));
  }

  async update(type: ReportTypeName, input: PaperSettingInput, actor: Actor): Promise<PaperSetting> {
    if (!CLASSIFICATIONS.includes(input.classification)) {
      throw new ReportsError(
        ReportsErrorCode.InvalidRequest,
        `classification '${input.classification}' is not one we know; use 'official' or 'official-sensitive' (confidential).`,
      );
    }
    const unknown = input.audience.filter((role) => !ROLES.includes(role));
    if (unknown.length > 0 || input.audience.length === 0) {
      throw new ReportsError(
        ReportsErrorCode.InvalidRequest,
        `audience must list one or more of ${ROLES.join(', ')}${unknown.length ? `; '${unknown.join("', '")}' is not a role` : ''}.`,
      );
    }
    if (type !== 'group_update' && input.audience.includes('data_officer')) {
      throw new ReportsError(
        ReportsErrorCode.InvalidRequest,
        'Data officers read the group update for their own groups only; take data_officer out of this audience.',
      );
    }
    const audience = ROLES.filter((role) => input.audience.includes(role));
    return this.dataSource.transaction(async (manager) => {
      const before = await this.forType(manager, type);
      await manager.query(
        `INSERT INTO report_type_setting (type, classification, audience, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (type) DO UPDATE SET classification = $2, audience = $3, updated_at = $4, updated_by = $5`,
        [type, input.classification, audience, this.clock.now(), actor.label],
      );
      const after = await this.forType(manager, type);
      await this.audit.record(manager, actor, {
        action: 'update',
        entityType: 'report_type_setting',
        entityId: type,
        before: { classification: before.classification, audience: before.audience },
        after: { classification: after.classification, audience: after.audience },
      });
      return after;
    });
  }

  private async stored(
    manager: EntityManager,
    type?: ReportTypeName,
  ): Promise<Map<ReportTypeName, { classification: Classification; audience: Role[] }>> {
    const rows: { type: ReportTypeName; classification: Classification; audience: Role[] }[] = await manager.query(
      `SELECT type, classification, audience FROM report_type_setting WHERE $1::text IS NULL OR type = $1`,
      [type ?? null],
    );
    return new Map(rows.map((row) => [row.type, { classification: row.classification, audience: row.audience }]));
  }
}
