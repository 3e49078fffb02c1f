import { describe, expect, it } from 'vitest';
import { groupScopeOf, mayActForGroup, maySeeGroup, systemActor, type Actor, type Role } from './actor.js';

const OWN = 'group-own';
const OTHER = 'group-other';

const user = (role: Role, groupIds: string[] = []): Actor => ({ kind: 'user', id: role, label: role, role, groupIds });
const returnsToken: Actor = {
  kind: 'token',
  id: 't1',
  label: 'token:case system',
  role: 'data_officer',
  groupIds: [OWN],
  tokenScope: 'returns',
};
const scorecardToken: Actor = {
  kind: 'token',
  id: 't2',
  label: 'token:bi',
  role: 'viewer',
  groupIds: [],
  tokenScope: 'scorecard',
};

describe(mayActForGroup.name, () => {
  it.each([
    ['an admin', user('admin'), true, true],
    ['the platform', systemActor('job'), true, true],
    ['a data officer', user('data_officer', [OWN]), true, false],
    ['a returns token', returnsToken, true, false],
    // Executives review and refer; they never submit or comment for a group, even one they are listed in.
    ['an executive', user('executive_member', [OWN]), false, false],
    ['a board member', user('board_member'), false, false],
    ['a scorecard token', { ...scorecardToken, groupIds: [OWN] }, false, false],
  ] as const)('lets %s act for its own group: %s, for another: %s', (_, actor, own, other) => {
    expect(mayActForGroup(actor, OWN)).toBe(own);
    expect(mayActForGroup(actor, OTHER)).toBe(other);
  });

  it('lets nobody but admins and the platform act for no group', () => {
    expect(mayActForGroup(user('data_officer', [OWN]), null)).toBe(false);
    expect(mayActForGroup(user('admin'), null)).toBe(true);
  });
});

describe(maySeeGroup.name, () => {
  it.each([
    ['an admin', user('admin'), true, true],
    ['an executive', user('executive_member'), true, true],
    ['a viewer', user('viewer'), true, true],
    ['a scorecard token', scorecardToken, true, true],
    ['a data officer', user('data_officer', [OWN]), true, false],
    ['a returns token', returnsToken, true, false],
  ] as const)("lets %s see its own group's work: %s, another's: %s", (_, actor, own, other) => {
    expect(maySeeGroup(actor, OWN)).toBe(own);
    expect(maySeeGroup(actor, OTHER)).toBe(other);
  });

  it('confines data officers and returns tokens to their groups and nobody else', () => {
    expect(groupScopeOf(user('data_officer', [OWN]))).toEqual([OWN]);
    expect(groupScopeOf(returnsToken)).toEqual([OWN]);
    expect(groupScopeOf(user('executive_member', [OWN]))).toBeNull();
    expect(groupScopeOf(scorecardToken)).toBeNull();
  });
});
