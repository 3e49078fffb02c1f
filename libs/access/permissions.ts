import type { Actor, Role } from './actor.js';

/** Flat permission strings; one guard checks them, controllers declare them with @HasPermission. */
export enum Permission {
  SessionUse = 'session.use',
  CatalogueRead = 'catalogue.read',
  CatalogueWrite = 'catalogue.write',
  AuditRead = 'audit.read',
  UsersManage = 'users.manage',
  TokensManage = 'tokens.manage',
  JobsManage = 'jobs.manage',
  ReportsRead = 'reports.read',
  ReportsRequest = 'reports.request',
  /** Each paper type's classification and audience (admins). */
  ReportsConfigure = 'reports.configure',
  /** Download templates and upload returns; scoped to the actor's groups in ReturnsService. */
  ReturnsSubmit = 'returns.submit',
  /** Return history and who has returned what by the deadline. */
  ReturnsRead = 'returns.read',
  ValuesRead = 'values.read',
  ComparatorsImport = 'comparators.import',
  /** Exceptions and their history; data officers see their own groups' only (ExceptionsService). */
  ExceptionsRead = 'exceptions.read',
  /** Owner commentary; only on the actor's own groups' exceptions (ExceptionsService). */
  ExceptionsComment = 'exceptions.comment',
  /** Review, refer to the board, close: the executive's part of the lifecycle. */
  ExceptionsReview = 'exceptions.review',
  ExceptionsRebuild = 'exceptions.rebuild',
  /** The scorecard read model (GET /api/scorecard); data officers and return tokens see their own groups' targets. */
  ScorecardRead = 'scorecard.read',
  /** Sign off or send back a return awaiting sign-off; only by a member of its group (SignOffService). */
  ReturnsSignOff = 'returns.sign_off',
  /** Lock and unlock periods (admins). */
  PeriodsLock = 'periods.lock',
  /** One's own emails and notification settings (admins see everyone's emails). */
  NotificationsRead = 'notifications.read',
  /** The outbox of .eml files (admins). */
  NotificationsManage = 'notifications.manage',
}

// Reports are further filtered by each report's audience (libs/reports/report-types.ts).
const EVERYONE: readonly Permission[] = [
  Permission.SessionUse,
  Permission.CatalogueRead,
  Permission.ReportsRead,
  Permission.ReturnsRead,
  Permission.ValuesRead,
  Permission.ScorecardRead,
  Permission.NotificationsRead,
];

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  admin: Object.values(Permission),
  data_officer: [
    ...EVERYONE,
    Permission.ReportsRequest,
    Permission.ReturnsSubmit,
    Permission.ReturnsSignOff,
    Permission.ExceptionsRead,
    Permission.ExceptionsComment,
  ],
  executive_member: [...EVERYONE, Permission.ReportsRequest, Permission.ExceptionsRead, Permission.ExceptionsReview],
  board_member: [...EVERYONE, Permission.ExceptionsRead],
  hwb_member: [...EVERYONE, Permission.ExceptionsRead],
  viewer: [...EVERYONE, Permission.ExceptionsRead],
};

/** API tokens are for systems that submit returns: they never get more than a data officer. */
export const TOKEN_PERMISSIONS: readonly Permission[] = [
  Permission.SessionUse,
  Permission.CatalogueRead,
  Permission.ReturnsSubmit,
  Permission.ReturnsRead,
  Permission.ValuesRead,
  Permission.ScorecardRead,
];

/** A scorecard token is for a BI tool that refreshes the scorecard: it may read that and nothing else. */
export const SCORECARD_TOKEN_PERMISSIONS: readonly Permission[] = [Permission.ScorecardRead];

export function hasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** What an actor may do: a user by role, a token by what it is for. */
export function actorHasPermission(actor: Actor, permission: Permission): boolean {
  if (actor.kind !== 'token') return hasPermission(actor.role, permission);
  return (actor.tokenScope === 'scorecard' ? SCORECARD_TOKEN_PERMISSIONS : TOKEN_PERMISSIONS).includes(permission);
}
