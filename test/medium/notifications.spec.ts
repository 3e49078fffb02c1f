import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessService, type Role, systemActor } from '../../libs/access/index.js';
import type { Group, Indicator } from '../../libs/catalogue/index.js';
import { financialYear, quarter } from '../../libs/periods/index.js';
import { JobName, QueueService } from '../../libs/queue/index.js';
import { GroupChairService } from '../../libs/workflow/index.js';
import { ControlledClock } from '../factories/controlled-clock.js';
import { evaluationQueueDrained, ScorecardFactory } from '../factories/exceptions.factory.js';
import { TestSmtpServer } from '../factories/smtp-server.js';
import { until } from '../factories/until.js';
import { startTestWorker } from '../factories/worker.js';
import { createTestApi, TEST_PASSWORD, type TestApi } from './test-app.js';

const actor = systemActor('test');

interface Person {
  id: string;
  email: string;
}

/**
 * Issue 14's acceptance: a real SMTP server in this process, the real API and two workers on a controlled
 * clock. 2024-25 Q3 ends on Tue 31 Dec 2024; with 1 Jan a bank holiday its return is due 10 working days
 * later, on Wed 15 Jan 2025; a reminder goes 3 working days before, on Fri 10 Jan.
 */
describe('notifications', () => {
  let api: TestApi;
  let workers: INestApplicationContext[];
  let smtp: TestSmtpServer;
  let clock: ControlledClock;
  let storage: string;
  let group: Group;
  let indicator: Indicator;
  const people: Record<string, Person> = {};

  async function person(name: string, role: Role, groupIds: string[] = []): Promise<Person> {
    const email = `${name}@test.example`;
    const access = api.get(AccessService);
    const user = await access.createUser({ email, displayName: name, role, groupIds, password: TEST_PASSWORD }, actor);
    return (people[name] = { id: user.id, email });
  }

  /** Signs in afresh: the clock moves by days, past any session's idle limit. */
  async function bearer(name: string): Promise<string> {
    const { token } = await api.get(AccessService).signIn(people[name]!.email, TEST_PASSWORD, '127.0.0.1');
    return `Bearer ${token}`;
  }

  /** Runs the daily chase as a retry or a second scheduler would: a new job, the same day. */
  async function tick(label: string): Promise<void> {
    const queues = api.get(QueueService);
    const { jobId } = await queues.enqueue(JobName.WorkflowTick, { requestedAt: label });
    await until(async () => (await queues.getWork(jobId))?.state === 'completed', `tick ${label}`, 30_000);
    await emailsSettled();
  }

  /** Every recorded email has been sent, refused or held: nothing is queued or being retried. */
  async function emailsSettled(): Promise<void> {
    await until(
      async () => {
        const [{ pending }] = await api.dataSource.query(
          `SELECT count(*)::int AS pending FROM notification WHERE status IN ('queued', 'sending', 'retrying')`,
        );
        return pending === 0;
      },
      'emails sent',
      30_000,
    );
  }

  const subjects = (email: string) => smtp.to(email).map((mail) => mail.subject);

  beforeAll(async () => {
    smtp = new TestSmtpServer();
    const smtpUrl = await smtp.start();
    storage = await mkdtemp(path.join(tmpdir(), 'cypp-notifications-'));
    clock = new ControlledClock(new Date('2025-01-10T08:00:00Z'));
    api = await createTestApi(
      { smtpUrl, storagePath: storage, reminderWorkingDays: 3, escalationWorkingDays: 5 },
      clock,
    );
    // Two workers, as in a deployment with more than one.
    workers = [await startTestWorker(api.config, clock), await startTestWorker(api.config, clock)];

    const make = await new ScorecardFactory(api, 'N').setUp();
    group = await make.group('EWB');
    indicator = await make.indicator('CAMHS');
    await make.target(indicator, financialYear(2024), group);
    await person('officer1', 'data_officer', [group.id]);
    await person('officer2', 'data_officer', [group.id]);
    await person('chair', 'data_officer', [group.id]);
    await person('bounces', 'data_officer', [group.id]);
    await person('digester', 'data_officer', [group.id]);
    await person('exec', 'executive_member');
    await person('board', 'board_member');
    await person('viewer', 'viewer');
    await person('admin', 'admin');
    await api.get(GroupChairService).setChair(group.id, people.chair!.id, actor);
    const digest = await api
      .http()
      .put('/api/notifications/settings')
      .set('authorization', await bearer('digester'))
      .send({ mutedKinds: [], digest: true });
    expect(digest.status).toBe(200);
    // The server refuses one address for good.
    smtp.refusals.set('bounces@test.example', { code: 550, message: '5.1.1 Mailbox does not exist', times: Infinity });
    // Q1 and Q2 are in (Q2 red: 60 against 80), Q3 is owed.
    await make.submit(group, quarter(2024, 1), [{ indicator, value: 81 }]);
    await make.submit(group, quarter(2024, 2), [{ indicator, value: 60 }]);
    await evaluationQueueDrained(api);
  }, 120_000);

  afterAll(async () => {
    for (const worker of workers ?? []) await worker.close();
    await api?.close();
    await smtp?.stop();
    await rm(storage, { recursive: true, force: true });
  });

  it('reminds each data officer once, 3 working days before the deadline, however often the chase runs', async () => {
    await tick('first');
    await tick('again');
    for (const name of ['officer1', 'officer2', 'chair']) {
      expect(subjects(people[name]!.email).filter((s) => s.includes('return is due'))).toEqual([
        'EWB group: 2024-25 Q3 return is due on Wednesday 15 January 2025',
      ]);
    }
    const reminder = smtp.to(people.officer1!.email).find((mail) => mail.subject.includes('return is due'))!;
    expect(reminder.text).toContain('in 3 working days');
    expect(reminder.text).toContain('N-CAMHS');
    expect(reminder.text).toContain('http://localhost:3000/account/notifications');
    expect(reminder.html).toContain('<a href=');
    // Nobody else: not the executive, the board or admins.
    for (const name of ['exec', 'board', 'viewer', 'admin']) {
      expect(subjects(people[name]!.email).filter((s) => s.includes('return'))).toEqual([]);
    }
  });

  it('records a refusal by the server with its reason, and does not retry it', async () => {
    const [row] = await api.dataSource.query(
      `SELECT status, outcome, attempts FROM notification WHERE recipient = 'bounces@test.example' AND kind = 'return_reminder'`,
    );
    expect(row).toMatchObject({ status: 'refused', attempts: 1 });
    expect(row.outcome).toContain('Mailbox does not exist');
    expect(smtp.to('bounces@test.example')).toEqual([]);
  });

  it('alerts the owning group, the next working day, to a new negative exception once, and no one else', async () => {
    const alerts = (email: string) => subjects(email).filter((s) => s.includes('needs commentary'));
    // Raised on Fri 10 Jan: announced in Monday's chase, whatever else runs that day.
    expect(alerts(people.officer1!.email)).toEqual([]);
    clock.set(new Date('2025-01-13T08:00:00Z'));
    await tick('monday');
    await tick('monday-again');
    expect(alerts(people.officer1!.email)).toEqual(['EWB group: N-CAMHS needs commentary for 2024-25 Q2']);
    expect(alerts(people.exec!.email)).toEqual([]);
    expect(alerts(people.board!.email)).toEqual([]);
    const alert = smtp.to(people.officer1!.email).find((mail) => mail.subject.includes('needs commentary'))!;
    expect(alert.text).toContain('- N-CAMHS Indicator CAMHS, 2024-25 Q2:');
  });

  it('retries an email the server defers, and it arrives once', async () => {
    smtp.refusals.set(people.officer1!.email, { code: 451, message: '4.3.0 Try again later', times: 1 });
    clock.set(new Date('2025-01-15T08:00:00Z'));
    await tick('due-day');
    expect(subjects(people.officer1!.email).filter((s) => s.includes('due today'))).toEqual([
      'EWB group: 2024-25 Q3 return is due today',
    ]);
    const [row] = await api.dataSource.query(
      `SELECT status, attempts FROM notification WHERE user_id = $1 AND kind = 'return_due_today'`,
      [people.officer1!.id],
    );
    expect(row).toEqual({ status: 'sent', attempts: 2 });
  });

  it('sends the overdue notice to the officers and a copy to the chair, honouring a muted kind', async () => {
    const settings = await api
      .http()
      .put('/api/notifications/settings')
      .set('authorization', await bearer('officer2'))
      .send({ mutedKinds: ['return_overdue'], digest: false });
    expect(settings.status).toBe(200);
    expect(settings.body.kinds.find((k: { kind: string }) => k.kind === 'return_overdue').enabled).toBe(false);

    clock.set(new Date('2025-01-17T08:00:00Z'));
    await tick('overdue');
    await tick('overdue-again');
    const overdue = (name: string) => smtp.to(people[name]!.email).filter((mail) => mail.subject.startsWith('Overdue'));
    expect(overdue('officer1').map((m) => m.subject)).toEqual(['Overdue: EWB group 2024-25 Q3 return']);
    expect(overdue('officer1')[0]!.text).toContain('2 working days late');
    expect(overdue('officer2')).toEqual([]);
    expect(overdue('chair')).toHaveLength(1);
    expect(overdue('chair')[0]!.text).toContain('You get this copy as chair of EWB group.');
  });

  it('escalates a red exception with no commentary for 5 working days to the executive, once', async () => {
    // Raised on Fri 10 Jan; Fri 17 Jan is 5 working days on.
    const escalations = (name: string) => subjects(people[name]!.email).filter((s) => s.startsWith('Escalation'));
    expect(escalations('exec')).toEqual(['Escalation: N-CAMHS is off target with no commentary for 5 working days']);
    expect(escalations('officer1')).toEqual([]);
    expect(escalations('board')).toEqual([]);
    const mail = smtp.to(people.exec!.email).find((m) => m.subject.startsWith('Escalation'))!;
    // No one's email address in it: the group is named, not its officers.
    expect(mail.text).not.toContain('@test.example');
  });

  it('delivers a confidential paper only to its readers, never attached', async () => {
    const response = await api
      .http()
      .post('/api/reports')
      .set('authorization', await bearer('admin'))
      .send({ type: 'exception_report', period: '2024-25 Q2' });
    expect(response.status).toBe(202);
    await until(
      async () => smtp.to(people.exec!.email).some((m) => m.subject.startsWith('Exception report')),
      'paper',
      60_000,
    );
    await emailsSettled();
    const paper = (name: string) =>
      smtp.to(people[name]!.email).filter((m) => m.subject.startsWith('Exception report'));
    expect(paper('exec')).toHaveLength(1);
    expect(paper('exec')[0]!.attachments).toEqual([]);
    expect(paper('exec')[0]!.text).toContain('OFFICIAL-SENSITIVE: it is not attached');
    expect(paper('exec')[0]!.text).toContain('Off target (red) | 1');
    for (const name of ['board', 'viewer', 'officer1', 'admin']) expect(paper(name)).toEqual([]);
  });

  it('attaches a paper that is not confidential, for each of its readers', async () => {
    const response = await api
      .http()
      .post('/api/reports')
      .set('authorization', await bearer('admin'))
      .send({ type: 'board_scorecard', period: '2024-25 Q2' });
    expect(response.status).toBe(202);
    await until(
      async () => smtp.to(people.board!.email).some((m) => m.subject.startsWith('Quarterly scorecard')),
      'paper',
      60_000,
    );
    await emailsSettled();
    const paper = (name: string) =>
      smtp.to(people[name]!.email).filter((m) => m.subject.startsWith('Quarterly scorecard'));
    expect(paper('board')).toHaveLength(1);
    expect(paper('board')[0]!.attachments.map((a) => a.filename)).toEqual(['board-scorecard-2024-25-Q2.pdf']);
    expect(paper('exec')).toHaveLength(1);
    for (const name of ['viewer', 'officer1']) expect(paper(name)).toEqual([]);
  });

  it('holds the emails of someone who chose the digest and sends them as one email a day', async () => {
    expect(smtp.to(people.digester!.email)).toEqual([]);
    const queues = api.get(QueueService);
    for (const run of ['digest-1', 'digest-2']) {
      const { jobId } = await queues.enqueue(JobName.SendDigests, { requestedAt: run });
      await until(async () => (await queues.getWork(jobId))?.state === 'completed', run, 30_000);
    }
    await emailsSettled();
    const [digest, ...more] = smtp.to(people.digester!.email);
    expect(more).toEqual([]);
    expect(digest!.subject).toBe('CYPP Scorecard: your daily digest (4 updates)');
    expect(digest!.text).toContain('- EWB group: 2024-25 Q3 return is due on Wednesday 15 January 2025');
    expect(digest!.text).toContain('- Overdue: EWB group 2024-25 Q3 return');
  });

  it('never sends anyone the same email twice', () => {
    const seen = smtp.received.map((mail) => `${mail.to} ${mail.subject}`);
    expect(seen.length).toBeGreaterThan(10);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('lists each user their own emails, and admins everyone’s, with the outcome', async () => {
    const own = await api
      .http()
      .get('/api/notifications?pageSize=500')
      .set('authorization', await bearer('officer1'));
    expect(own.status).toBe(200);
    expect(new Set(own.body.items.map((n: { recipient: string }) => n.recipient))).toEqual(
      new Set([people.officer1!.email]),
    );
    const all = await api
      .http()
      .get('/api/notifications?status=refused')
      .set('authorization', await bearer('admin'));
    expect(all.body.items.map((n: { recipient: string }) => n.recipient)).toContain('bounces@test.example');
  });

  it('refuses a kind of email that does not exist in the settings', async () => {
    const response = await api
      .http()
      .put('/api/notifications/settings')
      .set('authorization', await bearer('officer1'))
      .send({ mutedKinds: ['spam'], digest: true });
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('NOTIFICATIONS.INVALID');
  });
});
