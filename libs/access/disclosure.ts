import type { Actor, Role } from './actor.js';
import { describePerson, personFor, type PersonRecord } from './people.js';

/** A paper's classification: `official-sensitive` papers are confidential (blackpool 5). */
export type Classification = 'official' | 'official-sensitive';
export const CLASSIFICATIONS: readonly Classification[] = ['official', 'official-sensitive'];

/** A paper being built, read as its classification allows. */
export interface PaperReader {
  readonly paper: Classification;
}

/** Who reads an exception: someone signed in (the API, the pages, their emails), or a paper. */
export type ExceptionReader = Actor | PaperReader;

export function isPaperReader(reader: ExceptionReader): reader is PaperReader {
  return 'paper' in reader;
}

/** What one reader may see of one exception, beyond its figures and reasons, which everyone who may read it sees. */
export interface ExceptionDisclosure {
  /** The owning group's commentary (cause, action, expected recovery, closing reason). */
  readonly commentary: boolean;
  /** The lifecycle history, with its notes. */
  readonly history: boolean;
}

export interface DisclosureFacts {
  readonly owningGroupId: string | null;
  /** The executive referred it to the board. */
  readonly referred: boolean;
  /** The executive approved the current commentary for publication when reviewing it. */
  readonly commentaryPublished: boolean;
}

type CommentaryRule = 'always' | 'owning_group' | 'when_referred' | 'when_published' | 'never';

const ROLE_RULES: Readonly<Record<Role, { commentary: CommentaryRule; history: boolean }>> = {
  admin: { commentary: 'always', history: true },
  executive_member: { commentary: 'always', history: true },
  data_officer: { commentary: 'owning_group', history: true },
  board_member: { commentary: 'when_referred', history: false },
  hwb_member: { commentary: 'never', history: false },
  viewer: { commentary: 'never', history: false },
};

const PAPER_RULES: Readonly<Record<Classification, { commentary: CommentaryRule; history: boolean }>> = {
  'official-sensitive': { commentary: 'always', history: true },
  official: { commentary: 'when_published', history: false },
};

/**
 * The one rule for what each reader sees of an exception and of the commentary a group writes on its
 * returns (issue 10; the README has it as a table). The
 * owning group, the executive and admins see commentary and history; the board sees commentary only for
 * exceptions the executive referred to it; HWB members and viewers see neither. A confidential paper
 * carries both; any other paper carries commentary only where the executive approved it for publication,
 * and no history. API tokens submit returns and never read commentary.
 */
export function disclosureFor(reader: ExceptionReader, facts: DisclosureFacts): ExceptionDisclosure {
  const rule = isPaperReader(reader)
    ? PAPER_RULES[reader.paper]
    : reader.kind === 'token'
      ? { commentary: 'never' as const, history: false }
      : ROLE_RULES[reader.role];
  const inGroup =
    !isPaperReader(reader) && facts.owningGroupId !== null && reader.groupIds.includes(facts.owningGroupId);
  const commentary = {
    always: true,
    owning_group: inGroup,
    when_referred: facts.referred,
    when_published: facts.commentaryPublished,
    never: false,
  }[rule.commentary];
  return { commentary, history: rule.history && (rule.commentary !== 'owning_group' || inGroup) };
}

/** A person as this reader may see them: papers and most readers by role and group, admins and oneself by email. */
export function personAs(reader: ExceptionReader, person: PersonRecord): string {
  return isPaperReader(reader) ? describePerson(person) : personFor(reader, person);
}
