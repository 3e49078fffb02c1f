import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessService, systemActor } from '../../libs/access/index.js';
import { CatalogueService } from '../../libs/catalogue/index.js';
import { ControlledClock } from '../factories/controlled-clock.js';
import { createTestApi, TEST_PASSWORD, TestApi } from './test-app.js';

const LOCKOUT_MINUTES = 15;
const MAX_FAILURES = 3;

describe(AccessService.name, () => {
  let api: TestApi;
  let clock: ControlledClock;
  let adminToken: string;

  beforeAll(async () => {
    clock = new ControlledClock(new Date('2026-01-05T09:00:00Z'));
    api = await createTestApi({ signInMaxFailures: MAX_FAILURES, signInLockoutMinutes: LOCKOUT_MINUTES }, clock);
    adminToken = await api.signInAs('admin');
  });
  afterAll(() => api.close());

  const auditCount = async (entityType: string): Promise<number> =>
    Number(
      (await api.dataSource.query(`SELECT count(*) FROM audit_event WHERE entity_type = $1`, [entityType]))[0].count,
    );

  async function createUser(email: string) {
    return api
      .get(AccessService)
      .createUser({ email, displayName: email, role: 'viewer', password: TEST_PASSWORD }, systemActor('test'));
  }

  describe('sign-in', () => {
    it('returns a session token that authenticates /api/auth/me', async () => {
      await createUser('me@test.example');
      const signIn = await api
        .http()
        .post('/api/auth/sign-in')
        .send({ email: 'ME@test.example', password: TEST_PASSWORD })
        .expect(200);
      const me = await api.http().get('/api/auth/me').set('authorization', `Bearer ${signIn.body.token}`).expect(200);
      expect(me.body).toMatchObject({ email: 'me@test.example', role: 'viewer' });
    });

    it('stores the password as an argon2id hash, never the password', async () => {
      await createUser('hash@test.example');
      const [row] = await api.dataSource.query(`SELECT password_hash FROM app_user WHERE email = 'hash@test.example'`);
      expect(row.password_hash).toMatch(/^\$argon2id\$/);
      expect(row.password_hash).not.toContain(TEST_PASSWORD);
    });

    it('answers a wrong password and an unknown email with the same 401 body', async () => {
      await createUser('same@test.example');
      const wrong = await api
        .http()
        .post('/api/auth/sign-in')
        .send({ email: 'same@test.example', password: 'not the password' })
        .expect(401);
      const unknown = await api
        .http()
        .post('/api/auth/sign-in')
        .send({ email: 'nobody@test.example', password: 'whatever' })
        .expect(401);
      expect({ ...wrong.body, correlationId: undefined }).toEqual({ ...unknown.body, correlationId: undefined });
      expect(wrong.body.code).toBe('AUTH.SIGN_IN_FAILED');
    });

    it('locks an account after repeated failures, refuses even the right password, and unlocks after the window', async () => {
      await createUser('locked@test.example');
      const attempt = (password: string) =>
        api.http().post('/api/auth/sign-in').send({ email: 'locked@test.example', password });
      for (let i = 0; i < MAX_FAILURES; i += 1) await attempt('wrong password').expect(401);
      await attempt(TEST_PASSWORD).expect(401);
      clock.advance((LOCKOUT_MINUTES - 1) * 60_000);
      await attempt(TEST_PASSWORD).expect(401);
      clock.advance(2 * 60_000);
      await attempt(TEST_PASSWORD).expect(200);
    });

    it('ends a session on sign-out', async () => {
      const token = await api.signInAs('viewer');
      await api.http().post('/api/auth/sign-out').set('authorization', `Bearer ${token}`).expect(204);
      await api.http().get('/api/auth/me').set('authorization', `Bearer ${token}`).expect(401);
    });

    it('expires a session left idle longer than the idle limit', async () => {
      const token = await api.signInAs('viewer');
      clock.advance((api.config.sessionIdleMinutes + 1) * 60_000);
      await api.http().get('/api/auth/me').set('authorization', `Bearer ${token}`).expect(401);
    });
  });

  describe('API tokens', () => {
    it('shows the token once, stores only its hash, and authenticates as a data officer of its group', async () => {
      const group = await api
        .get(CatalogueService)
        .createGroup({ code: 'TOK', name: 'Token group', kind: 'lead_group' }, systemActor('test'));
      adminToken = await api.signInAs('admin');
      const created = await api
        .http()
        .post('/api/api-tokens')
        .set('authorization', `Bearer ${adminToken}`)
        .send({ name: 'MIS feed', groupId: group.id })
        .expect(201);
      const token: string = created.body.token;
      expect(token).toMatch(/^cypp_pat_/);
      const stored = await api.dataSource.query(`SELECT token_hash FROM api_token WHERE id = $1`, [
        created.body.apiToken.id,
      ]);
      expect(stored[0].token_hash).not.toContain(token);
      const listed = await api.http().get('/api/api-tokens').set('authorization', `Bearer ${adminToken}`).expect(200);
      expect(JSON.stringify(listed.body)).not.toContain(token);

      const me = await api.http().get('/api/auth/me').set('authorization', `Bearer ${token}`).expect(200);
      expect(me.body).toMatchObject({ kind: 'token', role: 'data_officer', groupIds: [group.id] });
      const used = await api.dataSource.query(`SELECT last_used_at FROM api_token WHERE id = $1`, [
        created.body.apiToken.id,
      ]);
      expect(used[0].last_used_at).not.toBeNull();
    });

    it('refuses a revoked token', async () => {
      const group = await api
        .get(CatalogueService)
        .createGroup({ code: 'REV', name: 'Revoked group', kind: 'lead_group' }, systemActor('test'));
      adminToken = await api.signInAs('admin');
      const created = await api
        .http()
        .post('/api/api-tokens')
        .set('authorization', `Bearer ${adminToken}`)
        .send({ name: 'old feed', groupId: group.id })
        .expect(201);
      await api.http().get('/api/auth/me').set('authorization', `Bearer ${created.body.token}`).expect(200);
      await api
        .http()
        .post(`/api/api-tokens/${created.body.apiToken.id}/revoke`)
        .set('authorization', `Bearer ${adminToken}`)
        .expect(201);
      await api.http().get('/api/auth/me').set('authorization', `Bearer ${created.body.token}`).expect(401);
    });
  });

  describe('users', () => {
    it('refuses a data officer with no group', async () => {
      adminToken = await api.signInAs('admin');
      const response = await api
        .http()
        .post('/api/users')
        .set('authorization', `Bearer ${adminToken}`)
        .send({ email: 'nogroup@test.example', displayName: 'No group', role: 'data_officer', password: TEST_PASSWORD })
        .expect(422);
      expect(response.body.code).toBe('ACCESS.INVALID_SCOPE');
    });

    it('ends the sessions of a user whose role changes', async () => {
      const user = await createUser('demoted@test.example');
      const session = await api.get(AccessService).signIn('demoted@test.example', TEST_PASSWORD, undefined);
      adminToken = await api.signInAs('admin');
      await api
        .http()
        .patch(`/api/users/${user.id}`)
        .set('authorization', `Bearer ${adminToken}`)
        .send({ role: 'board_member' })
        .expect(200);
      await api.http().get('/api/auth/me').set('authorization', `Bearer ${session.token}`).expect(401);
    });
  });

  describe('audit trail', () => {
    it('writes exactly one event with before and after for a catalogue change', async () => {
      adminToken = await api.signInAs('admin');
      const created = await api
        .http()
        .post('/api/groups')
        .set('authorization', `Bearer ${adminToken}`)
        .send({ code: 'AUD', name: 'Audited', kind: 'lead_group' })
        .expect(201);
      const before = await auditCount('group');
      await api
        .http()
        .patch(`/api/groups/${created.body.id}`)
        .set('authorization', `Bearer ${adminToken}`)
        .send({ name: 'Audited again' })
        .expect(200);
      expect(await auditCount('group')).toBe(before + 1);
      const events = await api
        .http()
        .get(`/api/audit-events?entityType=group&entityId=${created.body.id}&action=update`)
        .set('authorization', `Bearer ${adminToken}`)
        .expect(200);
      expect(events.body.items).toHaveLength(1);
      expect(events.body.items[0]).toMatchObject({
        before: { name: 'Audited' },
        after: { name: 'Audited again' },
        ip: expect.any(String),
      });
      expect(events.body.items[0].actorLabel).toMatch(/^admin\./);

      const search = (q: string) =>
        api.http().get('/api/audit-events').query({ q }).set('authorization', `Bearer ${adminToken}`).expect(200);
      expect((await search('zzzz-no-such-thing')).body.total).toBe(0);
      const found = (await search('Audited again')).body;
      expect(found.total).toBeGreaterThan(0);
      expect(found.items.every((event: { entityId: string }) => event.entityId === created.body.id)).toBe(true);
    });

    it('writes no event for a change that fails', async () => {
      adminToken = await api.signInAs('admin');
      await api
        .http()
        .post('/api/groups')
        .set('authorization', `Bearer ${adminToken}`)
        .send({ code: 'DUP', name: 'First', kind: 'lead_group' })
        .expect(201);
      const before = await auditCount('group');
      await api
        .http()
        .post('/api/groups')
        .set('authorization', `Bearer ${adminToken}`)
        .send({ code: 'DUP', name: 'Second', kind: 'lead_group' })
        .expect(409);
      expect(await auditCount('group')).toBe(before);
    });

    it('cannot be changed, even directly in the database', async () => {
      await expect(api.dataSource.query(`UPDATE audit_event SET action = 'tampered'`)).rejects.toThrow(/append-only/);
      await expect(api.dataSource.query(`DELETE FROM audit_event`)).rejects.toThrow(/append-only/);
    });
  });

  describe('hardening', () => {
    it('sends helmet security headers and no CORS header by default', async () => {
      const response = await api.http().get('/health').set('origin', 'https://evil.example');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['content-security-policy']).toBeDefined();
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('refuses a JSON body over the size limit with 413', async () => {
      const response = await api
        .http()
        .post('/api/auth/sign-in')
        .set('content-type', 'application/json')
        .send(JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(2 * 1024 * 1024) }));
      expect(response.status).toBe(413);
      expect(response.body.code).toBe('REQUEST.TOO_LARGE');
    });
  });
});
