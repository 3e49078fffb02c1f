import type { Role } from '../access/index.js';

export const REPORT_TYPES = ['exception_report', 'board_scorecard', 'hwb_progress_pack', 'group_update'] as const;
export type ReportTypeName = (typeof REPORT_TYPES)[number];

export const REPORT_FORMATS = ['xlsx', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportTypeRule {
  readonly title: string;
  readonly audience: string;
  /** Roles that may list and download it (a group update also goes to that group's data officers). */
  readonly roles: readonly Role[];
  /** Confidential papers (blackpool 5) are never shown to other roles. */
  readonly confidential: boolean;
  /** Quarterly, or six-monthly for the HWB. */
  readonly periodType: 'quarter' | 'half';
}

/** Who each report is for (SPEC §5). */
export const REPORT_TYPE_RULES: Readonly<Record<ReportTypeName, ReportTypeRule>> = {
  exception_report: {
    title: 'Exception report',
    audience: 'CYP Executive',
    roles: ['admin', 'executive_member'],
    confidential: true,
    periodType: 'quarter',
  },
  board_scorecard: {
    title: 'Quarterly scorecard',
    audience: 'Partnership board',
    roles: ['admin', 'executive_member', 'board_member'],
    confidential: false,
    periodType: 'quarter',
  },
  hwb_progress_pack: {
    title: 'Partnership progress report',
    audience: 'Health and Wellbeing Board',
    roles: ['admin', 'executive_member', 'board_member', 'hwb_member', 'viewer'],
    confidential: false,
    periodType: 'half',
  },
  group_update: {
    title: 'Group performance update',
    audience: 'Lead group',
    roles: ['admin', 'executive_member', 'data_officer'],
    confidential: true,
    periodType: 'quarter',
  },
};
