import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessService, type Actor, systemActor } from '../../libs/access/index.js';
import { CatalogueService, TargetsService, type Group, type Indicator } from '../../libs/catalogue/index.js';
import { financialYear, quarter } from '../../libs/periods/index.js';
import { ReturnsService } from '../../libs/returns/index.js';
import { ControlledClock } from '../factories/controlled-clock.js';
import { ScorecardFactory } from '../factories/exceptions.factory.js';
import { createTestApi, TEST_PASSWORD, type TestApi } from './test-app.js';

const system = systemActor('test');

describe('sign-off, period locks and completeness', () => {
  let api: TestApi;
  let storage: string;
  let make: ScorecardFactory;
  let group: Group;
  let other: Group;
  let indicator: Indicator;
  let targetId: string;
  const actors: Record<string, Actor> = {};

  async function user(name: string, role: 'data_officer' | 'admin', groupIds: string[]): Promise<void> {
    const email = `${name}@test.example`;
    const created = await api
      .get(AccessService)
      .createUser({ email, displayName: name, role, groupIds, password: TEST_PASSWORD }, system);
    actors[name] = { kind: 'user', id: created.id, label: email, role, groupIds };
  }

  async function bearer(name: string): Promise<string> {
    const { token } = await api.get(AccessService).signIn(actors[name]!.label, TEST_PASSWORD, '127.0.0.1');
    return `Bearer ${token}`;
  }

  const signOff = async (name: string, returnId: string, body: object) =>
    api
      .http()
      .post(`/api/returns/${returnId}/sign-off`)
      .set('authorization', await bearer(name))
      .send(body);

  const currentValues = async (returnId: string): Promise<number> =>
    (await api.dataSource.query(`SELECT count(*)::int AS n FROM current_value WHERE return_id = $1`, [returnId]))[0].n;

  beforeAll(async () => {
    storage = await mkdtemp(path.join(tmpdir(), 'cypp-sign-off-'));
    api = await createTestApi({ storagePath: storage }, new ControlledClock(new Date('2025-01-20T10:00:00Z')));
    make = await new ScorecardFactory(api, 'S').setUp();
    group = await make.group('EWB');
    other = await make.group('OTHER');
    indicator = await make.indicator('CAMHS');
    targetId = (await make.target(indicator, financialYear(2024), group)).id;
    await api.get(CatalogueService).updateGroup(group.id, { requiresSignOff: true }, system);
    await user('uploader', 'data_officer', [group.id]);
    await user('second', 'data_officer', [group.id]);
    await user('outsider', 'data_officer', [other.id]);
    await user('admin', 'admin', []);
  });

  afterAll(async () => {
    await api?.close();
    await rm(storage, { recursive: true, force: true });
  });

  it('keeps a return of a group that requires sign-off out of the figures until a second person signs it off', async () => {
    const sent = await make.submit(group, quarter(2024, 2), [{ indicator, value: 70 }], undefined, actors.uploader);
    expect(sent.outcome).toBe('awaiting_sign_off');
    expect(await currentValues(sent.returnId)).toBe(0);
    const [status] = await api.get(ReturnsService).status(quarter(2024, 2));
    expect(status).toMatchObject({ returnId: null, awaitingSignOff: { returnId: sent.returnId } });
    // The group's other member is asked to sign it off; the uploader is not.
    const asked = await api.dataSource.query(`SELECT recipient FROM notification WHERE kind = 'sign_off_requested'`);
    expect(asked).toEqual([{ recipient: 'second@test.example' }]);

    const own = await signOff('uploader', sent.returnId, { decision: 'sign_off' });
    expect(own.status).toBe(403);
    expect(own.body.message).toContain('You uploaded this return');
    const outsider = await signOff('outsider', sent.returnId, { decision: 'sign_off' });
    expect(outsider.status).toBe(403);
    expect(outsider.body.message).toBe('Only a member of EWB group can sign off its returns.');

    const signed = await signOff('second', sent.returnId, { decision: 'sign_off' });
    expect(signed.status).toBe(200);
    expect(signed.body).toMatchObject({ returnId: sent.returnId, outcome: 'accepted' });
    expect(await currentValues(sent.returnId)).toBe(1);
    const again = await signOff('second', sent.returnId, { decision: 'sign_off' });
    expect(again.status).toBe(409);
    const [audit] = await api.dataSource.query(
      `SELECT action, actor_label FROM audit_event WHERE entity_id = $1 AND action = 'sign_off'`,
      [sent.returnId],
    );
    expect(audit).toEqual({ action: 'sign_off', actor_label: 'second@test.example' });
    const decided = await api.dataSource.query(
      `SELECT recipient, subject FROM notification WHERE kind = 'sign_off_decided'`,
    );
    expect(decided).toEqual([
      { recipient: 'uploader@test.example', subject: 'EWB group: your 2024-25 Q2 return is signed off' },
    ]);
  });

  it('sends a return back only with a reason, and it never counts', async () => {
    const sent = await make.submit(group, quarter(2024, 3), [{ indicator, value: 71 }], undefined, actors.uploader);
    const bare = await signOff('second', sent.returnId, { decision: 'send_back' });
    expect(bare.status).toBe(422);
    const back = await signOff('second', sent.returnId, { decision: 'send_back', reason: 'Q3 shows last quarter' });
    expect(back.status).toBe(200);
    expect(back.body.outcome).toBe('sent_back');
    expect(await currentValues(sent.returnId)).toBe(0);
    const [row] = await api.dataSource.query(`SELECT outcome, sign_off_reason FROM indicator_return WHERE id = $1`, [
      sent.returnId,
    ]);
    expect(row).toEqual({ outcome: 'sent_back', sign_off_reason: 'Q3 shows last quarter' });
  });

  it('counts completeness per group: signed off on time, not returned by the deadline', async () => {
    const response = await api
      .http()
      .get('/api/returns/completeness?period=2024-25 Q2')
      .set('authorization', await bearer('outsider'));
    expect(response.status).toBe(200);
    expect(response.body.groups).toEqual([
      expect.objectContaining({ groupCode: 'S-EWB', state: 'on_time', signedOff: true, workingDaysLate: 0 }),
    ]);
    expect(response.body.summary).toMatchObject({ expected: 1, onTime: 1, signedOff: 1, missing: 0 });
    expect(response.body.summary.sentence).toBe('1 of 1 group returned on time.');
    // Q3 (due Wed 15 Jan 2025) was sent back: on Mon 20 Jan it is 3 working days late and missing.
    expect(response.body.previous).toHaveLength(3);
    const q3 = await api
      .http()
      .get('/api/returns/completeness?period=2024-25 Q3')
      .set('authorization', await bearer('outsider'));
    expect(q3.body.summary.sentence).toBe(
      '0 of 1 group returned on time; EWB group is 3 working days late and has not returned.',
    );
  });

  it('refuses returns, sign-offs and target changes for a locked period, naming the lock, until unlocked with a reason', async () => {
    const waiting = await make.submit(group, quarter(2024, 3), [{ indicator, value: 72 }], undefined, actors.uploader);
    const lock = await api
      .http()
      .post('/api/periods/2024-25 Q3/lock')
      .set('authorization', await bearer('admin'))
      .send({ reason: 'Board packs are being built' });
    expect(lock.status).toBe(201);
    expect(lock.body).toMatchObject({ lockedBy: 'admin@test.example', reason: 'Board packs are being built' });

    const refused = await signOff('second', waiting.returnId, { decision: 'sign_off' });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('CATALOGUE.PERIOD_LOCKED');
    expect(refused.body.message).toBe(
      '2024-25 Q3 is locked (by Administrator on 2025-01-20: "Board packs are being built"), so sign-offs for 2024-25 Q3 are refused. An administrator can unlock it, giving a reason.',
    );
    await expect(
      api
        .get(ReturnsService)
        .submit(
          { content: Buffer.from('x'), fileName: 'q3.csv', groupId: group.id, period: quarter(2024, 3) },
          actors.uploader!,
        ),
    ).rejects.toThrow('so returns for 2024-25 Q3 are refused');
    // The year's target overlaps the locked quarter.
    await expect(
      api.get(TargetsService).addVersion(
        targetId,
        {
          value: 75,
          tolerance: { kind: 'absolute', amount: 2 },
          exceptional: { kind: 'absolute', amount: 5 },
          reason: 'Mid-year review',
        },
        system,
      ),
    ).rejects.toThrow('so target changes for 2024-25 are refused');

    const report = await api
      .http()
      .post('/api/reports')
      .set('authorization', await bearer('admin'))
      .send({ type: 'board_scorecard', period: '2024-25 Q3' });
    expect(report.body.periodLock).toMatchObject({ lockedBy: 'admin@test.example' });

    const bare = await api
      .http()
      .post('/api/periods/2024-25 Q3/unlock')
      .set('authorization', await bearer('admin'))
      .send({});
    expect(bare.status).toBe(400);
    const unlock = await api
      .http()
      .post('/api/periods/2024-25 Q3/unlock')
      .set('authorization', await bearer('admin'))
      .send({ reason: 'Corrected figures agreed' });
    expect(unlock.status).toBe(200);
    const [audit] = await api.dataSource.query(
      `SELECT after FROM audit_event WHERE entity_type = 'period' AND action = 'unlock'`,
    );
    expect(audit.after).toEqual({ reason: 'Corrected figures agreed' });
    expect((await signOff('second', waiting.returnId, { decision: 'sign_off' })).status).toBe(200);
    const unlocked = await api
      .http()
      .post('/api/reports')
      .set('authorization', await bearer('admin'))
      .send({ type: 'board_scorecard', period: '2024-25 Q2' });
    expect(unlocked.body.periodLock).toBeNull();
  });

  it('refuses a return for a period that has not ended yet', async () => {
    await expect(
      api
        .get(ReturnsService)
        .submit(
          { content: Buffer.from('x'), fileName: 'q4.csv', groupId: group.id, period: quarter(2024, 4) },
          actors.uploader!,
        ),
    ).rejects.toThrow('2024-25 Q4 has not ended yet (it ends on 2025-03-31); send its return once it has.');
  });
});
