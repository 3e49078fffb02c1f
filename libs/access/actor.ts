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
  readonly ip?: string;
}

export const SYSTEM_ACTOR: Actor = { kind: 'system', id: null, label: 'system', role: 'admin', groupIds: [] };

export function systemActor(label: string): Actor {
  return { ...SYSTEM_ACTOR, label };
}
