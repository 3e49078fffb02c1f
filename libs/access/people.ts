import type { Actor, Role } from './actor.js';

/** What is kept of who acted, beside their email: their role then, or that it was a token or the platform. */
export type PersonKind = Role | 'token' | 'system';

export const PERSON_KINDS: readonly PersonKind[] = [
  'admin',
  'data_officer',
  'executive_member',
  'board_member',
  'hwb_member',
  'viewer',
  'token',
  'system',
];

/** The value to store beside an actor's label. */
export function personKindOf(actor: Actor): PersonKind {
  return actor.kind === 'user' ? actor.role : actor.kind;
}

export interface PersonRecord {
  /** The stored label: an email, a token's name, or a job name. */
  readonly label: string;
  /** Null for a record written by an actor the platform no longer knows. */
  readonly kind: PersonKind | null;
  /** The group the act was for, where there is one: "Emotional Wellbeing data officer". */
  readonly groupName?: string | null;
}

const ROLE_WORDS: Readonly<Record<Exclude<PersonKind, 'data_officer' | 'token'>, string>> = {
  admin: 'Administrator',
  executive_member: 'Executive member',
  board_member: 'Board member',
  hwb_member: 'Health and Wellbeing Board member',
  viewer: 'Viewer',
  system: 'CYPP Scorecard (automatic)',
};

/** A person by role and group, never by name or email: what papers print and most readers see. */
export function describePerson(person: PersonRecord): string {
  const group = person.groupName?.trim();
  switch (person.kind) {
    case 'data_officer':
      return group ? `${group} data officer` : 'Data officer';
    case 'token':
      return group ? `${group} system upload (API token)` : 'System upload (API token)';
    case null:
      return 'A former user';
    default:
      return ROLE_WORDS[person.kind];
  }
}

/**
 * Who acted, as this reader may see it (issue 10): admins (who manage users and read the audit trail) and
 * the person themselves see the email (admins a token's name); everyone else sees the role and group.
 */
export function personFor(reader: Actor, person: PersonRecord): string {
  if (reader.kind !== 'user' || person.kind === 'system') return describePerson(person);
  const self = person.kind !== 'token' && reader.label === person.label;
  return reader.role === 'admin' || self ? person.label : describePerson(person);
}

/**
 * Who changed the catalogue or imported a file, as this reader may see it. Only admins hold those
 * permissions, so a stored email is an admin's; any other label is one of the platform's own scripts.
 */
export function adminActionBy(reader: Actor, label: string | null): string | null {
  return label === null ? null : personFor(reader, { label, kind: label.includes('@') ? 'admin' : 'system' });
}
