import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatalogueService } from '../../libs/catalogue/index.js';
import { createTestApi, TestApi } from './test-app.js';

/** The catalogue's REST API end to end: plans, priorities, groups, areas, indicators and targets. */
describe(CatalogueService.name, () => {
  let api: TestApi;
  let admin: string;
  let viewer: string;

  beforeAll(async () => {
    api = await createTestApi();
    admin = await api.signInAs('admin');
    viewer = await api.signInAs('viewer');
  });
  afterAll(() => api.close());

  const as = (token: string) => ({
    get: (path: string) => api.http().get(path).set('authorization', `Bearer ${token}`),
    post: (path: string, body: object) => api.http().post(path).set('authorization', `Bearer ${token}`).send(body),
    patch: (path: string, body: object) => api.http().patch(path).set('authorization', `Bearer ${token}`).send(body),
    put: (path: string, body: object) => api.http().put(path).set('authorization', `Bearer ${token}`).send(body),
  });

  let sequence = 0;
  const unique = (prefix: string): string => `${prefix}-${(sequence += 1)}`;

  async function auditTotal(query = ''): Promise<number> {
    const response = await as(admin).get(`/api/audit-events?pageSize=1${query}`).expect(200);
    return response.body.total;
  }

  async function createPlan(overrides: object = {}) {
    const body = {
      code: unique('CYPP'),
      title: 'Children and Young People’s Plan',
      startYear: 2024,
      endYear: 2026,
      ...overrides,
    };
    return (await as(admin).post('/api/plans', body).expect(201)).body;
  }
  async function createPriority(planId: string, overrides: object = {}) {
    return (
      await as(admin)
        .post('/api/priorities', { planId, code: unique('P'), title: 'Be healthy', ...overrides })
        .expect(201)
    ).body;
  }
  async function createGroup(overrides: object = {}) {
    return (
      await as(admin)
        .post('/api/groups', { code: unique('G'), name: 'A group', kind: 'lead_group', ...overrides })
        .expect(201)
    ).body;
  }
  async function createIndicator(priorityId: string, overrides: object = {}) {
    const body = {
      code: unique('IND'),
      title: 'Children looked after per 10,000',
      unit: 'rate_per_10000',
      polarity: 'lower_is_better',
      frequency: 'quarterly',
      rollUp: 'latest',
      priorityId,
      ...overrides,
    };
    return (await as(admin).post('/api/indicators', body).expect(201)).body;
  }
  const band = (amount: number) => ({ kind: 'absolute', amount });
  async function createTarget(indicatorId: string, owningGroupId: string, overrides: object = {}) {
    const body = {
      indicatorId,
      owningGroupId,
      period: '2024-25',
      value: 55,
      tolerance: band(2),
      exceptional: band(5),
      ...overrides,
    };
    return (await as(admin).post('/api/targets', body).expect(201)).body;
  }

  describe('plans', () => {
    it('creates, reads, updates and lists a plan', async () => {
      const created = await createPlan({ title: 'CYPP 2024-27' });

      const read = await as(viewer).get(`/api/plans/${created.id}`).expect(200);
      expect(read.body).toMatchObject({ code: created.code, title: 'CYPP 2024-27', startYear: 2024, endYear: 2026 });
      const updated = await as(admin)
        .patch(`/api/plans/${created.id}`, { title: 'CYPP 2024-27 (refreshed)' })
        .expect(200);
      expect(updated.body.title).toBe('CYPP 2024-27 (refreshed)');
      const listed = await as(viewer).get(`/api/plans?q=${created.code}`).expect(200);
      expect(listed.body).toMatchObject({
        total: 1,
        page: 1,
        items: [{ id: created.id, title: 'CYPP 2024-27 (refreshed)' }],
      });
    });

    it('pages through a list', async () => {
      const prefix = unique('PAGE');
      for (let i = 1; i <= 5; i += 1)
        await createPlan({ code: `${prefix}-${i}`, startYear: 2010 + i, endYear: 2012 + i });

      const second = await as(viewer).get(`/api/plans?q=${prefix}&page=2&pageSize=2`).expect(200);

      expect(second.body).toMatchObject({ total: 5, page: 2, pageSize: 2 });
      expect(second.body.items.map((p: { code: string }) => p.code)).toEqual([`${prefix}-3`, `${prefix}-4`]);
    });

    it('lists every invalid field of a request with its name', async () => {
      const response = await as(admin)
        .post('/api/plans', { code: 'has space', startYear: 1900, endYear: 'soon', extra: 1 })
        .expect(400);

      expect(response.body.code).toBe('VALIDATION.FAILED');
      expect(new Set(response.body.details.map((d: { location: string }) => d.location))).toEqual(
        new Set(['code', 'title', 'startYear', 'endYear', 'extra']),
      );
    });

    it('refuses a plan that ends before it starts, also when only one year is changed', async () => {
      const plan = await createPlan();

      await as(admin)
        .post('/api/plans', { code: unique('CYPP'), title: 'Backwards', startYear: 2026, endYear: 2024 })
        .expect(422);
      const response = await as(admin).patch(`/api/plans/${plan.id}`, { endYear: 2020 }).expect(422);

      expect(response.body.code).toBe('CATALOGUE.INVALID_PERIOD');
    });

    it('answers 409 for a code already used', async () => {
      const plan = await createPlan();

      const response = await as(admin)
        .post('/api/plans', { code: plan.code, title: 'Again', startYear: 2024, endYear: 2026 })
        .expect(409);

      expect(response.body).toMatchObject({
        code: 'CATALOGUE.DUPLICATE_CODE',
        message: `A plan with code '${plan.code}' already exists.`,
      });
    });

    it('answers 404 for a plan that does not exist', async () => {
      const response = await as(viewer).get('/api/plans/4b0e3f5c-2f8b-4a52-9b7a-0d6f6f2c8a11').expect(404);

      expect(response.body.code).toBe('CATALOGUE.NOT_FOUND');
    });
  });

  describe('priorities', () => {
    it('creates priorities under a plan and lists them by plan, in their order', async () => {
      const plan = await createPlan();
      const other = await createPlan();
      const second = await createPriority(plan.id, { title: 'Stay safe', displayOrder: 2, accountableMember: 'DCS' });
      const first = await createPriority(plan.id, { title: 'Be healthy', displayOrder: 1 });
      await createPriority(other.id);

      const listed = await as(viewer).get(`/api/priorities?planId=${plan.id}`).expect(200);

      expect(listed.body.items.map((p: { id: string }) => p.id)).toEqual([first.id, second.id]);
      expect(listed.body.items[1]).toMatchObject({ accountableMember: 'DCS', description: '' });
    });

    it('refuses a priority for a plan that does not exist', async () => {
      const response = await as(admin)
        .post('/api/priorities', { planId: '4b0e3f5c-2f8b-4a52-9b7a-0d6f6f2c8a11', code: 'P1', title: 'Orphan' })
        .expect(422);

      expect(response.body.code).toBe('CATALOGUE.INVALID_REFERENCE');
    });

    it('updates a priority', async () => {
      const priority = await createPriority((await createPlan()).id);

      const response = await as(admin)
        .patch(`/api/priorities/${priority.id}`, { description: 'Physical and emotional health' })
        .expect(200);

      expect(response.body).toMatchObject({ id: priority.id, description: 'Physical and emotional health' });
    });
  });

  describe('groups', () => {
    it('records who a group reports to and lists groups by kind and parent', async () => {
      const board = await createGroup({ kind: 'partnership_board', name: 'Partnership Board' });
      const lead = await createGroup({ parentId: board.id, returnsDueWorkingDays: 15 });

      const byParent = await as(viewer).get(`/api/groups?parentId=${board.id}`).expect(200);
      const byKind = await as(viewer).get(`/api/groups?kind=partnership_board&q=${board.code}`).expect(200);

      expect(byParent.body.items).toEqual([expect.objectContaining({ id: lead.id, returnsDueWorkingDays: 15 })]);
      expect(byKind.body.items.map((g: { id: string }) => g.id)).toEqual([board.id]);
    });

    it('refuses a reporting line that loops back, directly or through other groups', async () => {
      const top = await createGroup();
      const middle = await createGroup({ parentId: top.id });
      const bottom = await createGroup({ parentId: middle.id });

      const looped = await as(admin).patch(`/api/groups/${top.id}`, { parentId: bottom.id }).expect(422);
      const itself = await as(admin).patch(`/api/groups/${top.id}`, { parentId: top.id }).expect(422);

      expect([looped.body.code, itself.body.code]).toEqual(['CATALOGUE.GROUP_CYCLE', 'CATALOGUE.GROUP_CYCLE']);
    });

    it('refuses one of two concurrent changes that together would form a loop', async () => {
      const a = await createGroup();
      const b = await createGroup();

      const responses = await Promise.all([
        as(admin).patch(`/api/groups/${a.id}`, { parentId: b.id }),
        as(admin).patch(`/api/groups/${b.id}`, { parentId: a.id }),
      ]);

      expect(responses.map((r) => r.status).sort()).toEqual([200, 422]);
    });

    it('moves a group to the top of the structure', async () => {
      const parent = await createGroup();
      const child = await createGroup({ parentId: parent.id });

      const response = await as(admin).patch(`/api/groups/${child.id}`, { parentId: null }).expect(200);

      expect(response.body.parentId).toBeNull();
    });
  });

  describe('areas', () => {
    it('creates areas and lists statistical neighbours', async () => {
      const neighbour = await as(admin)
        .post('/api/areas', {
          code: 'E10000024',
          name: 'Nottinghamshire',
          kind: 'local_authority',
          isStatisticalNeighbour: true,
        })
        .expect(201);
      await as(admin)
        .post('/api/areas', { code: 'E07000136', name: 'Boston', kind: 'district', parentCode: 'E10000019' })
        .expect(201);

      const listed = await as(viewer).get('/api/areas?isStatisticalNeighbour=true').expect(200);
      const districts = await as(viewer).get('/api/areas?kind=district').expect(200);

      expect(listed.body.items.map((a: { id: string }) => a.id)).toEqual([neighbour.body.id]);
      expect(districts.body.items).toEqual([
        expect.objectContaining({ code: 'E07000136', parentCode: 'E10000019', isHome: false }),
      ]);
    });

    it('allows one home authority and says so when a second is marked', async () => {
      await as(admin)
        .post('/api/areas', { code: 'E10000019', name: 'Lincolnshire', kind: 'local_authority', isHome: true })
        .expect(201);

      const response = await as(admin)
        .post('/api/areas', { code: 'E10000020', name: 'Norfolk', kind: 'local_authority', isHome: true })
        .expect(409);

      expect(response.body.code).toBe('CATALOGUE.DUPLICATE_CODE');
      expect(response.body.message).toBe('Another area is already the home authority; only one area can be.');
    });
  });

  describe('indicators', () => {
    it('creates an indicator and filters the list by priority, polarity, unit and frequency', async () => {
      const priority = await createPriority((await createPlan()).id);
      const rate = await createIndicator(priority.id, { title: 'Rate of referrals to social care' });
      await createIndicator(priority.id, { unit: 'percentage', polarity: 'higher_is_better', frequency: 'annual' });

      const byPolarity = await as(viewer)
        .get(`/api/indicators?priorityId=${priority.id}&polarity=lower_is_better`)
        .expect(200);
      const byUnitAndFrequency = await as(viewer)
        .get(`/api/indicators?priorityId=${priority.id}&unit=percentage&frequency=annual`)
        .expect(200);
      const bySearch = await as(viewer).get('/api/indicators?q=referrals to social').expect(200);

      expect(byPolarity.body.items.map((i: { id: string }) => i.id)).toEqual([rate.id]);
      expect(byUnitAndFrequency.body.total).toBe(1);
      expect(bySearch.body.items.map((i: { id: string }) => i.id)).toEqual([rate.id]);
    });

    it('treats % and _ in a search as the characters themselves', async () => {
      const priority = await createPriority((await createPlan()).id);
      await createIndicator(priority.id, { title: 'Pupils at 100 per cent attendance' });

      const response = await as(viewer)
        .get(`/api/indicators?priorityId=${priority.id}&q=${encodeURIComponent('100%')}`)
        .expect(200);

      expect(response.body.total).toBe(0);
    });

    it('refuses values outside the lists, naming each field', async () => {
      const priority = await createPriority((await createPlan()).id);

      const response = await as(admin)
        .post('/api/indicators', {
          code: unique('IND'),
          title: 'Bad',
          unit: 'furlongs',
          polarity: 'higher',
          frequency: 'quarterly',
          rollUp: 'sum',
          priorityId: priority.id,
        })
        .expect(400);

      expect(response.body.details.map((d: { location: string }) => d.location)).toEqual(['unit', 'polarity']);
    });

    it('refuses a plausible range whose minimum is above its maximum, also when one end is changed', async () => {
      const priority = await createPriority((await createPlan()).id);
      const indicator = await createIndicator(priority.id, { plausibleMin: 10, plausibleMax: 100 });

      const created = await as(admin)
        .post('/api/indicators', {
          ...indicator,
          id: undefined,
          createdAt: undefined,
          updatedAt: undefined,
          code: unique('IND'),
          plausibleMin: 5,
          plausibleMax: 1,
        })
        .expect(422);
      const patched = await as(admin).patch(`/api/indicators/${indicator.id}`, { plausibleMax: 5 }).expect(422);

      expect(created.body.code).toBe('CATALOGUE.INVALID_TARGET');
      expect(patched.body).toMatchObject({
        code: 'CATALOGUE.INVALID_TARGET',
        message: 'The plausible minimum (10) is greater than the plausible maximum (5).',
      });
    });
  });

  describe('targets', () => {
    let indicator: { id: string; priorityId: string };
    let owner: { id: string };
    let otherGroup: { id: string; code: string };

    beforeAll(async () => {
      const priority = await createPriority((await createPlan()).id);
      indicator = await createIndicator(priority.id);
      owner = await createGroup();
      otherGroup = await createGroup();
    });

    it('creates a target with its owning group and lists targets by indicator, owner, priority and period', async () => {
      const year = await createTarget(indicator.id, owner.id, {
        period: '2025-26',
        agreedBy: 'Executive',
        agreedOn: '2025-03-14',
      });
      const quarter = await createTarget(indicator.id, otherGroup.id, { period: '2025-26 Q2', value: 60 });

      const byOwner = await as(viewer)
        .get(`/api/targets?indicatorId=${indicator.id}&owningGroupId=${otherGroup.id}`)
        .expect(200);
      const byPeriod = await as(viewer)
        .get(`/api/targets?priorityId=${indicator.priorityId}&period=2025-26`)
        .expect(200);

      expect(year).toMatchObject({
        period: { type: 'financial_year', label: '2025-26' },
        current: { version: 1, value: 55, agreedOn: '2025-03-14' },
      });
      expect(byOwner.body.items.map((t: { id: string }) => t.id)).toEqual([quarter.id]);
      expect(byPeriod.body.items.map((t: { id: string }) => t.id)).toEqual([year.id]);
    });

    it('refuses a second target for the same indicator, period and area', async () => {
      await createTarget(indicator.id, owner.id, { period: '2026-27' });

      const response = await as(admin)
        .post('/api/targets', {
          indicatorId: indicator.id,
          owningGroupId: owner.id,
          period: '2026-27',
          value: 1,
          tolerance: band(0),
          exceptional: band(0),
        })
        .expect(409);

      expect(response.body.message).toBe(
        'There is already a target for 2026-27 for this indicator; add a version to change it.',
      );
    });

    it('refuses a target with both a value and a range, and an unreadable period', async () => {
      const both = await as(admin)
        .post('/api/targets', {
          indicatorId: indicator.id,
          owningGroupId: owner.id,
          period: '2027-28',
          value: 1,
          rangeLow: 0,
          rangeHigh: 2,
          tolerance: band(0),
          exceptional: band(0),
        })
        .expect(422);
      const period = await as(admin)
        .post('/api/targets', {
          indicatorId: indicator.id,
          owningGroupId: owner.id,
          period: '2027-28 Q5',
          value: 1,
          tolerance: band(0),
          exceptional: band(0),
        })
        .expect(400);

      expect(both.body.code).toBe('CATALOGUE.INVALID_TARGET');
      expect(period.body.details).toEqual([
        { location: 'period', message: expect.stringContaining("'2027-28 Q5' is not a period") },
      ]);
    });

    it('adds a version only with a reason, and shows every version', async () => {
      const target = await createTarget(indicator.id, owner.id, { period: '2028-29' });

      const noReason = await as(admin)
        .post(`/api/targets/${target.id}/versions`, { value: 50, tolerance: band(2), exceptional: band(5) })
        .expect(400);
      await as(admin)
        .post(`/api/targets/${target.id}/versions`, {
          value: 50,
          tolerance: band(2),
          exceptional: band(5),
          reason: 'Revised after the inspection',
        })
        .expect(201);
      const detail = await as(viewer).get(`/api/targets/${target.id}`).expect(200);

      expect(noReason.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ location: 'reason' })]));
      expect(detail.body.current).toMatchObject({ version: 2, value: 50 });
      expect(
        detail.body.versions.map((v: { version: number; value: number; reason: string | null }) => [
          v.version,
          v.value,
          v.reason,
        ]),
      ).toEqual([
        [1, 55, null],
        [2, 50, 'Revised after the inspection'],
      ]);
    });

    it('records a change of owning group with who and why', async () => {
      const target = await createTarget(indicator.id, owner.id, { period: '2029-30' });

      await as(admin)
        .put(`/api/targets/${target.id}/owner`, { groupId: otherGroup.id, reason: 'Executive reallocated the lead' })
        .expect(200);
      const detail = await as(viewer).get(`/api/targets/${target.id}`).expect(200);

      expect(detail.body.owner.groupId).toBe(otherGroup.id);
      expect(detail.body.ownership).toEqual([
        expect.objectContaining({ groupId: owner.id, reason: null, until: expect.any(String) }),
        expect.objectContaining({
          groupId: otherGroup.id,
          groupCode: otherGroup.code,
          reason: 'Executive reallocated the lead',
          until: null,
          changedBy: 'Administrator', // a viewer sees the role, not the admin's email
        }),
      ]);
    });
  });

  describe('audit', () => {
    it('writes exactly one audit event with before and after for a change', async () => {
      const group = await createGroup({ name: 'Before' });
      const before = await auditTotal();

      await as(admin).patch(`/api/groups/${group.id}`, { name: 'After' }).expect(200);

      expect(await auditTotal()).toBe(before + 1);
      const events = await as(admin)
        .get(`/api/audit-events?entityType=group&entityId=${group.id}&action=update`)
        .expect(200);
      expect(events.body.items).toHaveLength(1);
      expect(events.body.items[0]).toMatchObject({
        before: { name: 'Before' },
        after: { name: 'After' },
        actorLabel: expect.stringContaining('admin'),
      });
    });

    it('writes no audit event for a change that fails or changes nothing', async () => {
      const top = await createGroup();
      const child = await createGroup({ parentId: top.id, name: 'Same' });
      const before = await auditTotal();

      await as(admin).patch(`/api/groups/${top.id}`, { parentId: child.id }).expect(422);
      await as(admin).post('/api/groups', { code: top.code, name: 'Duplicate', kind: 'lead_group' }).expect(409);
      await as(admin).patch(`/api/groups/${child.id}`, { name: 'Same' }).expect(200);

      expect(await auditTotal()).toBe(before);
    });

    it('refuses catalogue changes to roles without write permission', async () => {
      const response = await as(viewer)
        .post('/api/groups', { code: unique('G'), name: 'Nope', kind: 'lead_group' })
        .expect(403);

      expect(response.body.code).toBe('AUTH.FORBIDDEN');
    });
  });
});
