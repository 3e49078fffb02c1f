import { describe, expect, it } from 'vitest';
import type { Actor, Role } from './actor.js';
import { disclosureFor, personAs, type ExceptionReader } from './disclosure.js';

const user = (role: Role, groupIds: string[] = []): Actor => ({
  kind: 'user',
  id: `${role}-id`,
  label: `${role}@council.example`,
  role,
  groupIds,
});
const facts = { owningGroupId: 'ewb', referred: false, commentaryPublished: false };
const seen = (reader: ExceptionReader, overrides: Partial<typeof facts> = {}) => {
  const { commentary, history } = disclosureFor(reader, { ...facts, ...overrides });
  return `${commentary ? 'commentary' : '-'} ${history ? 'history' : '-'}`;
};

describe(disclosureFor.name, () => {
  it('gives the owning group, the executive and admins commentary and history; others neither', () => {
    expect(seen(user('admin'))).toBe('commentary history');
    expect(seen(user('executive_member'))).toBe('commentary history');
    expect(seen(user('data_officer', ['ewb']))).toBe('commentary history');
    expect(seen(user('data_officer', ['other']))).toBe('- -');
    expect(seen(user('board_member'))).toBe('- -');
    expect(seen(user('hwb_member'))).toBe('- -');
    expect(seen(user('viewer'))).toBe('- -');
    expect(seen({ ...user('data_officer', ['ewb']), kind: 'token' })).toBe('- -');
  });

  it('gives the board the commentary of an exception referred to it, never the history', () => {
    expect(seen(user('board_member'), { referred: true })).toBe('commentary -');
    expect(seen(user('hwb_member'), { referred: true })).toBe('- -');
    expect(seen(user('viewer'), { referred: true, commentaryPublished: true })).toBe('- -');
  });

  it('prints commentary in a paper that is not confidential only once the executive approved it', () => {
    expect(seen({ paper: 'official-sensitive' })).toBe('commentary history');
    expect(seen({ paper: 'official' })).toBe('- -');
    expect(seen({ paper: 'official' }, { commentaryPublished: true })).toBe('commentary -');
  });
});

describe(personAs.name, () => {
  const author = {
    label: 'sam.patel@council.example',
    kind: 'data_officer' as const,
    groupName: 'Emotional Wellbeing',
  };

  it('shows a person by role and group, by email only to admins and to themselves', () => {
    expect(personAs(user('executive_member'), author)).toBe('Emotional Wellbeing data officer');
    expect(personAs({ paper: 'official-sensitive' }, author)).toBe('Emotional Wellbeing data officer');
    expect(personAs(user('admin'), author)).toBe('sam.patel@council.example');
    expect(personAs({ ...user('data_officer'), label: 'sam.patel@council.example' }, author)).toBe(
      'sam.patel@council.example',
    );
    expect(personAs(user('admin'), { label: 'nightly', kind: 'system' })).toBe('CYPP Scorecard (automatic)');
    expect(personAs(user('viewer'), { label: 'gone@council.example', kind: null })).toBe('A former user');
  });
});
