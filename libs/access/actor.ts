export const ROLES = ['admin', 'data_officer', 'executive_member', 'board_member', 'hwb_member', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** Who is acting: a signed-in user, an API token (a system submitting returns), or the platform itself. */
export interface Actor {
  readonly kind: 'user' | 'token' | 'system';
  /** User id, token id, or null for the system. */
  readonly id: string | null;
  /** Human-readable: an email, a token name, or a job name. */
  readonly label: string;
  readonly role: Role;
  /** Groups a data officer (or a token) may act for. Empty for other roles. */
  readonly groupIds: readonly string[];
  /** For a token: what it is for. 'returns' submits its group's returns; 'scorecard' only reads the scorecard. */
  readonly tokenScope?: TokenScope;
  readonly ip?: string;
}

export const TOKEN_SCOPES = ['returns', 'scorecard'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export const SYSTEM_ACTOR: Actor = { kind: 'system', id: null, label: 'system', role: 'admin', groupIds: [] };

export function systemActor(label: string): Actor {
  return { ...SYSTEM_ACTOR, label };
}

/**
 * Seeing a group's work (its targets on the scorecard, its exceptions, its group updates): the groups an
 * actor is confined to, or null for every group. Data officers and returns tokens see their own groups;
 * executives, board and HWB members, viewers, admins, the platform and scorecard tokens see every group.
 */
export function groupScopeOf(actor: Actor): readonly string[] | null {
  if (actor.kind === 'token') return actor.tokenScope === 'scorecard' ? null : actor.groupIds;
  return actor.role === 'data_officer' ? actor.groupIds : null;
}

/** Whether the actor may see a group's work (null: work of no group, such as a board paper). */
export function maySeeGroup(actor: Actor, groupId: string | null): boolean {
  const scope = groupScopeOf(actor);
  return scope === null || (groupId !== null && scope.includes(groupId));
}

/**
 * Acting for a group (submitting its returns, following its queued returns, commenting on its exceptions):
 * admins and the platform for any group; data officers and returns tokens for their own; nobody else, so
 * an executive or a scorecard token never acts for a group, whatever groups it lists.
 */
export function mayActForGroup(actor: Actor, groupId: string | null): boolean {
  if (actor.kind === 'system' || (actor.kind === 'user' && actor.role === 'admin')) return true;
  if (groupId === null) return false;
  if (actor.kind === 'token') return actor.tokenScope !== 'scorecard' && actor.groupIds.includes(groupId);
  return actor.role === 'data_officer' && actor.groupIds.includes(groupId);
}
