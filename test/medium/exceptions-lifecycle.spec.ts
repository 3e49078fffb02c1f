import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Group, Indicator } from '../../libs/catalogue/index.js';
import { ExceptionEvaluator, ExceptionsService } from '../../libs/exceptions/index.js';
import { financialYear, quarter } from '../../libs/periods/index.js';
import { ControlledClock } from '../factories/controlled-clock.js';
import { ScorecardFactory } from '../factories/exceptions.factory.js';
import { createTestApi, TestApi } from './test-app.js';

const COMMENTARY = {
  cause: 'Two social workers left in the quarter',
  action: 'Agency cover from October',
  expectedRecoveryDate: '2025-03-31',
};

describe(ExceptionsService.name, () => {
  let api: TestApi;
  let own: Group;
  let other: Group;
  let indicator: Indicator;
  let negativeId: string;
  let positiveId: string;
  const token: Record<'admin' | 'officer' | 'otherOfficer' | 'executive' | 'board' | 'viewer', string> = {} as never;

  const as = (who: keyof typeof token) => ({
    get: (path: string) => api.http().get(path).set('authorization', `Bearer ${token[who]}`),
    post: (path: string, body: object = {}) =>
      api.http().post(path).set('authorization', `Bearer ${token[who]}`).send(body),
  });

  beforeAll(async () => {
    api = await createTestApi({}, new ControlledClock(new Date('2024-10-01T09:00:00Z')));
    const make = await new ScorecardFactory(api, 'LC').setUp();
    own = await make.group('OWN');
    other = await make.group('OTHER');
    indicator = await make.indicator('RAG');
    await make.target(indicator, financialYear(2024), own);
    await make.submit(own, quarter(2024, 1), [{ indicator, value: 70 }]);
    await make.submit(own, quarter(2024, 2), [{ indicator, value: 86 }]);
    await api.get(ExceptionEvaluator).rebuild();
    const [negative] = await api.dataSource.query(`SELECT id FROM exception WHERE kind = 'below_target'`);
    const [positive] = await api.dataSource.query(`SELECT id FROM exception WHERE kind = 'well_above_target'`);
    negativeId = negative.id;
    positiveId = positive.id;
    token.admin = await api.signInAs('admin');
    token.officer = await api.signInAs('data_officer', [own.id]);
    token.otherOfficer = await api.signInAs('data_officer', [other.id]);
    token.executive = await api.signInAs('executive_member');
    token.board = await api.signInAs('board_member');
    token.viewer = await api.signInAs('viewer');
  });
  afterAll(() => api?.close());

  it('lists exceptions with their subject, period and owner', async () => {
    const response = await as('viewer').get('/api/exceptions').expect(200);

    expect(response.body.total).toBe(2);
    expect(response.body.items.find((e: { id: string }) => e.id === negativeId)).toMatchObject({
      kind: 'below_target',
      kindLabel: 'Below target',
      positive: false,
      status: 'open',
      indicator: { code: indicator.code },
      period: { label: '2024-25 Q1' },
      owningGroup: { id: own.id },
      summary: expect.stringContaining('Red: 70.0'),
    });
  });

  it('filters the list by kind, positive and period', async () => {
    const positive = await as('board').get('/api/exceptions').query({ positive: 'true' }).expect(200);
    const byKind = await as('board')
      .get('/api/exceptions')
      .query({ kind: 'below_target,data_quality', period: '2024-25 Q1' })
      .expect(200);

    expect(positive.body.items.map((e: { id: string }) => e.id)).toEqual([positiveId]);
    expect(byKind.body.items.map((e: { id: string }) => e.id)).toEqual([negativeId]);
  });

  it("shows a data officer only their own groups' exceptions", async () => {
    const mine = await as('officer').get('/api/exceptions').expect(200);
    const theirs = await as('otherOfficer').get('/api/exceptions').expect(200);

    expect(mine.body.total).toBe(2);
    expect(theirs.body.total).toBe(0);
    await as('otherOfficer').get(`/api/exceptions/${negativeId}`).expect(403);
  });

  it('refuses commentary from a data officer of another group', async () => {
    const response = await as('otherOfficer').post(`/api/exceptions/${negativeId}/commentary`, COMMENTARY).expect(403);

    expect(response.body.code).toBe('AUTH.OUT_OF_SCOPE');
  });

  it('refuses commentary from a viewer', async () => {
    await as('viewer').post(`/api/exceptions/${negativeId}/commentary`, COMMENTARY).expect(403);
  });

  it('refuses review of a negative exception before its owner has commented', async () => {
    const response = await as('executive').post(`/api/exceptions/${negativeId}/review`).expect(422);

    expect(response.body).toMatchObject({
      code: 'EXCEPTIONS.COMMENTARY_REQUIRED',
      message: expect.stringContaining('needs commentary from its owning group'),
    });
  });

  it('refuses referral to the board before review', async () => {
    const response = await as('executive').post(`/api/exceptions/${negativeId}/refer`).expect(422);

    expect(response.body.code).toBe('EXCEPTIONS.NOT_ALLOWED_NOW');
  });

  it('asks a negative exception’s commentary for an expected recovery date', async () => {
    const response = await as('officer')
      .post(`/api/exceptions/${negativeId}/commentary`, { cause: COMMENTARY.cause, action: COMMENTARY.action })
      .expect(422);

    expect(response.body.details).toEqual([
      { location: 'expectedRecoveryDate', message: 'Give the date by which performance is expected to recover.' },
    ]);
  });

  it('takes commentary → review → referral, recording each step in the history and the audit trail', async () => {
    const commented = await as('officer').post(`/api/exceptions/${negativeId}/commentary`, COMMENTARY).expect(200);
    expect(commented.body).toMatchObject({
      status: 'commented',
      commentary: { ...COMMENTARY, by: expect.stringContaining('data_officer') },
    });

    await as('viewer').post(`/api/exceptions/${negativeId}/review`).expect(403);
    await as('officer').post(`/api/exceptions/${negativeId}/review`).expect(403);
    const reviewed = await as('executive')
      .post(`/api/exceptions/${negativeId}/review`, { note: 'Discussed at the CYP Executive' })
      .expect(200);
    expect(reviewed.body.status).toBe('reviewed');

    const referred = await as('executive').post(`/api/exceptions/${negativeId}/refer`).expect(200);
    expect(referred.body.status).toBe('referred');
    expect(
      referred.body.history.map(
        (h: { action: string; fromStatus: string | null; toStatus: string }) =>
          `${h.action} ${h.fromStatus} → ${h.toStatus}`,
      ),
    ).toEqual([
      'raised null → open',
      'commentary open → commented',
      'reviewed commented → reviewed',
      'referred reviewed → referred',
    ]);
    const audit = await api.dataSource.query(
      `SELECT action FROM audit_event WHERE entity_type = 'exception' AND entity_id = $1 ORDER BY id`,
      [negativeId],
    );
    expect(audit.map((a: { action: string }) => a.action)).toEqual([
      'exception.commentary',
      'exception.reviewed',
      'exception.referred',
    ]);
  });

  it('lets the executive review a positive exception without commentary and close it with a reason', async () => {
    await as('executive').post(`/api/exceptions/${positiveId}/review`).expect(200);

    const closed = await as('executive')
      .post(`/api/exceptions/${positiveId}/close`, { reason: 'Celebrated in the board report' })
      .expect(200);

    expect(closed.body).toMatchObject({
      status: 'closed',
      closure: 'manual',
      closed: { reason: 'Celebrated in the board report' },
    });
  });

  it('refuses to change a closed exception', async () => {
    const response = await as('admin').post(`/api/exceptions/${positiveId}/close`, { reason: 'Again' }).expect(409);

    expect(response.body.code).toBe('EXCEPTIONS.ALREADY_CLOSED');
  });

  it('keeps an exception the executive closed closed when the evaluation runs again', async () => {
    await api.get(ExceptionEvaluator).rebuild();

    const detail = await as('admin').get(`/api/exceptions/${positiveId}`).expect(200);
    expect(detail.body).toMatchObject({ status: 'closed', closure: 'manual', holds: true });
  });

  it('filters by status', async () => {
    const response = await as('executive').get('/api/exceptions').query({ status: 'referred' }).expect(200);

    expect(response.body.items.map((e: { id: string }) => e.id)).toEqual([negativeId]);
  });

  it('queues a full rebuild for an admin', async () => {
    const response = await as('admin').post('/api/exceptions/rebuild').expect(202);

    expect(response.body).toMatchObject({ queue: 'evaluation', jobId: expect.stringMatching(/^exceptions-rebuild\./) });
  });
});
