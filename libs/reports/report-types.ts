import type { Classification, Role } from '../access/index.js';

export const REPORT_TYPES = ['exception_report', 'board_scorecard', 'hwb_progress_pack', 'group_update'] as const;
export type ReportTypeName = (typeof REPORT_TYPES)[number];

export const REPORT_FORMATS = ['xlsx', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportTypeRule {
  readonly title: string;
  readonly audience: string;
  /**
   * The default audience: roles that may list and download it (a group update goes to that group's data
   * officers only). A partnership may change it (report_type_setting).
   */
  readonly roles: readonly Role[];
  /** The default classification; `official-sensitive` papers are confidential (blackpool 5). */
  readonly classification: Classification;
  /** Quarterly, or six-monthly for the HWB. */
  readonly periodType: 'quarter' | 'half';
}

/** Who each report is for (SPEC §5). */
export const REPORT_TYPE_RULES: Readonly<Record<ReportTypeName, ReportTypeRule>> = {
  exception_report: {
    title: 'Exception report',
    audience: 'CYP Executive',
    roles: ['admin', 'executive_member'],
    classification: 'official-sensitive',
    periodType: 'quarter',
  },
  board_scorecard: {
    title: 'Quarterly scorecard',
    audience: 'Partnership board',
    roles: ['admin', 'executive_member', 'board_member'],
    classification: 'official',
    periodType: 'quarter',
  },
  hwb_progress_pack: {
    title: 'Partnership progress report',
    audience: 'Health and Wellbeing Board',
    roles: ['admin', 'executive_member', 'board_member', 'hwb_member', 'viewer'],
    classification: 'official',
    periodType: 'half',
  },
  group_update: {
    title: 'Group performance update',
    audience: 'Lead group',
    roles: ['admin', 'executive_member', 'data_officer'],
    classification: 'official-sensitive',
    periodType: 'quarter',
  },
};
