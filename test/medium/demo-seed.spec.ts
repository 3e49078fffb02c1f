import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoSeedResult, DemoSeedService } from '../../libs/demo/index.js';
import { ExceptionEvaluator } from '../../libs/exceptions/index.js';
import { quarter } from '../../libs/periods/index.js';
import { createTestApi, TestApi } from './test-app.js';

const DEMO_PASSWORD = 'demo-password-for-medium-tests';

describe(DemoSeedService.name, () => {
  let api: TestApi;
  let sut: DemoSeedService;
  let first: DemoSeedResult;

  beforeAll(async () => {
    api = await createTestApi({ demoPassword: DEMO_PASSWORD });
    sut = api.get(DemoSeedService);
    first = await sut.seed({ latestQuarter: quarter(2025, 2) });
  });
  afterAll(() => api.close());

  async function adminToken(): Promise<string> {
    const response = await api
      .http()
      .post('/api/auth/sign-in')
      .send({ email: 'admin@demo.cypp.local', password: DEMO_PASSWORD })
      .expect(200);
    return response.body.token;
  }

  it('seeds a fresh database and uses DEMO_PASSWORD rather than generating one', () => {
    expect(first).toMatchObject({ outcome: 'seeded', latestQuarter: '2025-26 Q2', generatedPassword: null });
  });

  it('lets every demo user sign in with the demo password', async () => {
    if (first.outcome !== 'seeded') throw new Error(`not seeded: ${first.outcome}`);
    for (const user of first.users) {
      const response = await api.http().post('/api/auth/sign-in').send({ email: user.email, password: DEMO_PASSWORD });
      expect(response.status, user.email).toBe(200);
      expect(response.body.user.role).toBe(user.role);
    }
    expect(first.users.map((u) => u.role)).toEqual(
      expect.arrayContaining(['admin', 'executive_member', 'board_member', 'hwb_member', 'viewer', 'data_officer']),
    );
  });

  it('shows the demo partnership with one late and one missing return in its latest quarter', async () => {
    const token = await adminToken();
    const response = await api
      .http()
      .get('/api/returns/completeness?period=2025-26 Q2')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    const byCode = new Map(response.body.groups.map((g: { groupCode: string }) => [g.groupCode, g]));
    expect(byCode.get('EWMH')).toMatchObject({ state: 'late', workingDaysLate: 6 });
    expect(byCode.get('DISABLED-CHILDREN')).toMatchObject({ state: 'missing', receivedOn: null });
    const { summary } = response.body;
    expect(summary.expected).toBe(response.body.groups.length);
    expect(summary.onTime + summary.late + summary.missing).toBe(summary.expected);
    expect(summary.missing).toBe(1);
    expect(summary.sentence).toMatch(
      new RegExp(
        `^${summary.onTime} of ${summary.expected} groups returned on time; .*Emotional Wellbeing and Mental Health Group was 6 working days late`,
      ),
    );
    expect(response.body.previous.map((p: { period: { label: string } }) => p.period.label)).toEqual([
      '2025-26 Q1',
      '2024-25 Q4',
      '2024-25 Q3',
    ]);
  });

  it('shows the plan and 40 or more indicators through the API', async () => {
    const token = await adminToken();
    const plans = await api.http().get('/api/plans').set('Authorization', `Bearer ${token}`).expect(200);
    expect(plans.body.items).toEqual([
      expect.objectContaining({ code: 'CYPP-2024-27', startYear: 2024, endYear: 2026 }),
    ]);
    const indicators = await api.http().get('/api/indicators').set('Authorization', `Bearer ${token}`).expect(200);
    expect(indicators.body.total).toBeGreaterThanOrEqual(40);
  });

  it('holds 12 quarters of current values for a quarterly indicator, ending with the latest quarter', async () => {
    const rows: { period_start: string }[] = await api.dataSource.query(
      `SELECT to_char(cv.period_start, 'YYYY-MM-DD') AS period_start
         FROM current_value cv JOIN indicator i ON i.id = cv.indicator_id JOIN area a ON a.id = cv.area_id
        WHERE i.code = 'SAF-CLA-RATE' AND a.code = 'E10000019' AND cv.period_type = 'quarter'
        ORDER BY cv.period_start`,
    );
    expect(rows).toHaveLength(12);
    expect(rows[0]!.period_start).toBe('2022-10-01');
    expect(rows[11]!.period_start).toBe('2025-07-01');
  });

  it('keeps the superseded return in history and the corrected figures as current', async () => {
    const [{ superseded }] = await api.dataSource.query(
      `SELECT count(*)::int AS superseded FROM indicator_return WHERE source = 'seed' AND superseded_at IS NOT NULL`,
    );
    expect(superseded).toBe(1);
  });

  it('does nothing when the demo is already there, and says so', async () => {
    const before = await api.dataSource.query(`SELECT count(*)::int AS n FROM indicator_return`);
    const again = await sut.seed({ latestQuarter: quarter(2026, 1) });
    expect(again).toMatchObject({ outcome: 'already_seeded', message: expect.stringContaining('CYPP-2024-27') });
    expect(await api.dataSource.query(`SELECT count(*)::int AS n FROM indicator_return`)).toEqual(before);
  });

  it("closes earlier quarters' exceptions as already reviewed, with the reason in their history, and leaves the latest open", async () => {
    await api.get(ExceptionEvaluator).rebuild();
    const latestStart = quarter(2025, 2).start;
    const closed = await sut.closeExceptionsBefore(latestStart);
    expect(closed).toBeGreaterThan(0);
    const [{ stillOpenEarlier }] = await api.dataSource.query(
      `SELECT count(*)::int AS "stillOpenEarlier" FROM exception WHERE status <> 'closed' AND period_end < $1`,
      [latestStart],
    );
    expect(stillOpenEarlier).toBe(0);
    const [{ openLatest }] = await api.dataSource.query(
      `SELECT count(*)::int AS "openLatest" FROM exception WHERE status <> 'closed' AND period_end >= $1`,
      [latestStart],
    );
    expect(openLatest).toBeGreaterThan(0);
    const [history] = await api.dataSource.query(
      `SELECT h.note, h.actor_label FROM exception_history h JOIN exception e ON e.id = h.exception_id
        WHERE e.closure = 'manual' ORDER BY h.id DESC LIMIT 1`,
    );
    expect(history).toEqual({
      note: expect.stringContaining('earlier quarterly executive meeting'),
      actor_label: 'demo-seed',
    });
  });
});
