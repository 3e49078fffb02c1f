import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../apps/api/src/web/web-session.js';
import type { Actor, Role } from '../../libs/access/index.js';
import { CatalogueService, type Group, TargetsService } from '../../libs/catalogue/index.js';
import { ExceptionEvaluator } from '../../libs/exceptions/index.js';
import { financialYear, quarter } from '../../libs/periods/index.js';
import { ControlledClock } from '../factories/controlled-clock.js';
import { ScorecardFactory } from '../factories/exceptions.factory.js';
import { startTestWorker } from '../factories/worker.js';
import { createTestApi, TestApi } from './test-app.js';

/** A commentary naming a third party, as officers write them (issue 10). */
const NAMED = {
  cause: 'Staff sickness in the Boston team (J. Smith on long-term leave)',
  action: 'Agency cover agreed with Hannah Lee, the service manager',
  expectedRecoveryDate: '2025-03-31',
};
const PUBLISHABLE = { cause: 'New outreach through the family hubs', action: 'Extend it to the coast in Q3' };
const PEOPLE = /J\. Smith|Hannah Lee/;
const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)+/g;

type Who = 'admin' | 'officer' | 'otherOfficer' | 'executive' | 'board' | 'hwb' | 'viewer';
const PAPERS = ['exception_report', 'board_scorecard', 'hwb_progress_pack', 'group_update'] as const;
type Paper = (typeof PAPERS)[number];

/** Every email in a text that is not the reader's own. */
function othersEmails(text: string, own: string): string[] {
  return [...text.matchAll(EMAIL)].map((m) => m[0]).filter((email) => email !== own);
}

async function pdfPages(pdf: Buffer): Promise<string[]> {
  const parser = new PDFParse({ data: pdf });
  try {
    return (await parser.getText()).pages.map((page) => page.text);
  } finally {
    await parser.destroy();
  }
}

/** Every cell's text and every sheet's print header, one entry a sheet. */
async function workbookSheets(xlsx: Buffer): Promise<{ name: string; header: string; text: string }[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(xlsx as never);
  return workbook.worksheets.map((sheet) => {
    const cells: string[] = [];
    sheet.eachRow((row) => row.eachCell((cell) => cells.push(cell.text)));
    return { name: sheet.name, header: sheet.headerFooter.oddHeader ?? '', text: cells.join('\n') };
  });
}

describe('confidentiality: what each role and each paper sees of an exception', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let storage: string;
  let own: Group;
  let negativeId: string;
  let positiveId: string;
  const token = {} as Record<Who, string>;
  const email = {} as Record<Who, string>;

  const as = (who: Who) => ({
    get: (url: string) => api.http().get(url).set('authorization', `Bearer ${token[who]}`),
    post: (url: string, body: object = {}) =>
      api.http().post(url).set('authorization', `Bearer ${token[who]}`).send(body),
    put: (url: string, body: object) => api.http().put(url).set('authorization', `Bearer ${token[who]}`).send(body),
    download: (url: string) =>
      api
        .http()
        .get(url)
        .set('authorization', `Bearer ${token[who]}`)
        .buffer(true)
        .parse((res, callback) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => callback(null, Buffer.concat(chunks)));
        }),
  });

  async function signIn(who: Who, role: Role, groupIds: string[] = []): Promise<void> {
    token[who] = await api.signInAs(role, groupIds);
    email[who] = (await as(who).get('/api/auth/me').expect(200)).body.email;
  }

  /** Requests a paper and waits (bounded) for the worker to finish it. */
  async function paper(type: Paper): Promise<string> {
    const body = {
      type,
      period: type === 'hwb_progress_pack' ? '2024-25 H1' : '2024-25 Q2',
      ...(type === 'group_update' ? { groupId: own.id } : {}),
    };
    const requested = await as(type === 'group_update' ? 'officer' : 'executive')
      .post('/api/reports', body)
      .expect(202);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const [row] = await api.dataSource.query(`SELECT status, error FROM report WHERE id = $1`, [requested.body.id]);
      if (row.status === 'completed') return requested.body.id as string;
      if (row.status === 'failed') throw new Error(`${type} failed: ${row.error}`);
      if (Date.now() > deadline) throw new Error(`${type} not generated in time`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** The paper as its reader gets it: the stored JSON model, the workbook's text and the PDF's pages. */
  async function contents(id: string, reader: Who = 'admin') {
    const [{ model }] = await api.dataSource.query(`SELECT model FROM report WHERE id = $1`, [id]);
    const xlsx = (await as(reader).download(`/api/reports/${id}/files/xlsx`).expect(200)).body as Buffer;
    const pdf = (await as(reader).download(`/api/reports/${id}/files/pdf`).expect(200)).body as Buffer;
    const sheets = await workbookSheets(xlsx);
    const pages = await pdfPages(pdf);
    const all = [JSON.stringify(model), ...sheets.map((s) => `${s.header}\n${s.text}`), ...pages].join('\n');
    return { model, sheets, pages, all };
  }

  beforeAll(async () => {
    storage = await mkdtemp(path.join(tmpdir(), 'cypp-confidentiality-'));
    const clock = new ControlledClock(new Date('2024-10-01T09:00:00Z'));
    api = await createTestApi({ storagePath: storage }, clock);
    const make = await new ScorecardFactory(api, 'CF').setUp();
    const catalogue = api.get(CatalogueService);
    own = await catalogue.createGroup(
      { code: 'EWB', name: 'Emotional Wellbeing', kind: 'lead_group' },
      { kind: 'system', id: null, label: 'test', role: 'admin', groupIds: [] },
    );
    const other = await make.group('OTHER');
    await signIn('admin', 'admin');
    await signIn('officer', 'data_officer', [own.id]);
    await signIn('otherOfficer', 'data_officer', [other.id]);
    await signIn('executive', 'executive_member');
    await signIn('board', 'board_member');
    await signIn('hwb', 'hwb_member');
    await signIn('viewer', 'viewer');
    const [officer] = await api.dataSource.query(`SELECT id FROM app_user WHERE email = $1`, [email.officer]);
    const officerActor: Actor = {
      kind: 'user',
      id: officer.id,
      label: email.officer,
      role: 'data_officer',
      groupIds: [own.id],
    };
    const indicator = await make.indicator('RAG');
    await make.target(indicator, financialYear(2024), own);
    const [admin] = await api.dataSource.query(`SELECT id FROM app_user WHERE email = $1`, [email.admin]);
    await api.get(TargetsService).create(
      {
        indicatorId: indicator.id,
        period: financialYear(2025),
        owningGroupId: own.id,
        value: 82,
        tolerance: { kind: 'absolute', amount: 2 },
        exceptional: { kind: 'absolute', amount: 5 },
      },
      { kind: 'user', id: admin.id, label: email.admin, role: 'admin', groupIds: [] },
    );
    await make.submit(
      own,
      quarter(2024, 1),
      [{ indicator, value: 70, commentary: 'Checked with J. Smith in the Boston team' }],
      undefined,
      officerActor,
    );
    await make.submit(own, quarter(2024, 2), [{ indicator, value: 86 }], undefined, officerActor);
    await api.get(ExceptionEvaluator).rebuild();
    [{ id: negativeId }] = await api.dataSource.query(`SELECT id FROM exception WHERE kind = 'below_target'`);
    [{ id: positiveId }] = await api.dataSource.query(`SELECT id FROM exception WHERE kind = 'well_above_target'`);
    await as('officer').post(`/api/exceptions/${negativeId}/commentary`, NAMED).expect(200);
    await as('officer').post(`/api/exceptions/${positiveId}/commentary`, PUBLISHABLE).expect(200);
    worker = await startTestWorker(api.config, clock);
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await rm(storage, { recursive: true, force: true });
  });

  it('shows the owning group, the executive and admins the commentary and history, with people by role except to admins and the author', async () => {
    for (const who of ['admin', 'executive', 'officer'] as const) {
      const detail = (await as(who).get(`/api/exceptions/${negativeId}`).expect(200)).body;
      const list = (await as(who).get('/api/exceptions').expect(200)).body;
      const author = who === 'executive' ? 'Emotional Wellbeing data officer' : email.officer;

      expect(detail.commentary, who).toMatchObject({ ...NAMED, by: author, published: false });
      expect(detail.historyHeld, who).toBe(false);
      expect(
        detail.history.map((h: { actor: string }) => h.actor),
        who,
      ).toEqual(['CYPP Scorecard (automatic)', author]);
      expect(list.items.find((e: { id: string }) => e.id === negativeId).commentary.by, who).toBe(author);
      const others = othersEmails(JSON.stringify([detail, list]), email[who]);
      expect([...new Set(others)], who).toEqual(who === 'admin' ? [email.officer] : []);
    }
  });

  it('holds the commentary and history from the board until the executive refers the exception, and always from HWB members and viewers', async () => {
    for (const who of ['board', 'hwb', 'viewer'] as const) {
      const detail = (await as(who).get(`/api/exceptions/${negativeId}`).expect(200)).body;
      const list = (await as(who).get('/api/exceptions').expect(200)).body;

      expect(detail, who).toMatchObject({ commentary: null, commentaryHeld: true, historyHeld: true, history: [] });
      expect(detail.reasons.text.length, who).toBeGreaterThan(0);
      expect(JSON.stringify([detail, list]), who).not.toMatch(PEOPLE);
      expect(othersEmails(JSON.stringify([detail, list]), email[who]), who).toEqual([]);
    }

    await as('executive').post(`/api/exceptions/${negativeId}/review`, { note: 'Discussed with J. Smith' }).expect(200);
    await as('executive').post(`/api/exceptions/${negativeId}/refer`).expect(200);

    const board = (await as('board').get(`/api/exceptions/${negativeId}`).expect(200)).body;
    expect(board).toMatchObject({
      commentary: { ...NAMED, by: 'Emotional Wellbeing data officer' },
      referred: { by: 'Executive member' },
      historyHeld: true,
      history: [],
    });
    expect(JSON.stringify(board)).not.toContain('Discussed with');
    for (const who of ['hwb', 'viewer'] as const) {
      const detail = (await as(who).get(`/api/exceptions/${negativeId}`).expect(200)).body;
      expect(JSON.stringify(detail), who).not.toMatch(PEOPLE);
      expect(detail.referred, who).toEqual({ by: 'Executive member', at: expect.any(String) });
    }
  });

  it('shows the same on the exception’s page as in the API', async () => {
    const page = async (who: Who) =>
      (await api.http().get(`/exceptions/${negativeId}`).set('cookie', `${SESSION_COOKIE}=${token[who]}`).expect(200))
        .text;
    for (const who of ['hwb', 'viewer'] as const) {
      const html = await page(who);
      expect(html, who).toContain('Commentary held by the executive.');
      expect(html, who).toContain('The history is held by the executive and the owning group.');
      expect(html, who).not.toMatch(PEOPLE);
      expect(othersEmails(html, email[who]), who).toEqual([]);
    }
    const board = await page('board');
    expect(board).toContain('Staff sickness in the Boston team');
    expect(board).not.toContain('Discussed with');
    const executive = await page('executive');
    expect(executive).toContain('Emotional Wellbeing data officer');
    expect(executive).toContain('Discussed with J. Smith');
    expect(othersEmails(executive, email.executive)).toEqual([]);
  });

  it('keeps another group’s data officer out of the exception altogether', async () => {
    const list = (await as('otherOfficer').get('/api/exceptions').expect(200)).body;
    expect(list.total).toBe(0);
    const refused = await as('otherOfficer').get(`/api/exceptions/${negativeId}`).expect(403);
    expect(JSON.stringify(refused.body)).not.toMatch(PEOPLE);
  });

  it('records the executive’s approval for publication on the review, in the history and the audit trail', async () => {
    const reviewed = await as('executive')
      .post(`/api/exceptions/${positiveId}/review`, { publishCommentary: true })
      .expect(200);
    expect(reviewed.body.commentary).toMatchObject({ ...PUBLISHABLE, published: true });
    expect(reviewed.body.history.at(-1)).toMatchObject({
      action: 'reviewed',
      actor: email.executive,
      note: 'Commentary approved for publication in papers that are not confidential.',
    });
    const [audit] = await api.dataSource.query(
      `SELECT after FROM audit_event WHERE entity_id = $1 AND action = 'exception.reviewed'`,
      [positiveId],
    );
    expect(audit.after.commentary.publishedAt).toEqual(expect.any(String));
    const invalid = await as('executive')
      .post(`/api/exceptions/${negativeId}/review`, { publishCommentary: 'yes' })
      .expect(400);
    expect(JSON.stringify(invalid.body)).toContain('publishCommentary must be true or false');
  });

  it('shows who submitted a return by role and group, except to admins and the submitter', async () => {
    for (const who of ['admin', 'officer', 'executive', 'board', 'hwb', 'viewer', 'otherOfficer'] as const) {
      const returns = (await as(who).get('/api/returns').expect(200)).body.items as { submittedBy: string }[];
      const expected = who === 'admin' || who === 'officer' ? email.officer : 'Emotional Wellbeing data officer';
      expect(
        returns.map((r) => r.submittedBy),
        who,
      ).toEqual([expected, expected]);
    }
  });

  it('shows the notes on a return’s values to those who see the group’s commentary', async () => {
    for (const who of ['admin', 'officer', 'executive', 'board', 'hwb', 'viewer', 'otherOfficer'] as const) {
      const values = (await as(who).get('/api/values').expect(200)).body.items as {
        commentary: string | null;
        commentaryHeld: boolean;
      }[];
      const sees = who === 'admin' || who === 'officer' || who === 'executive';
      expect(
        values.map((v) => [v.commentary, v.commentaryHeld]),
        who,
      ).toEqual(
        sees
          ? [
              ['Checked with J. Smith in the Boston team', false],
              [null, false],
            ]
          : [
              [null, true],
              [null, false],
            ],
      );
    }
  });

  it('shows who changed a target by email to admins only', async () => {
    for (const who of ['admin', 'officer', 'executive', 'board', 'hwb', 'viewer'] as const) {
      const targets = (await as(who).get('/api/targets').expect(200)).body.items as {
        id: string;
        current: { createdBy: string };
      }[];
      const detail = (await as(who).get(`/api/targets/${targets[1]!.id}`).expect(200)).body;
      expect(
        targets.map((t) => t.current.createdBy),
        who,
      ).toEqual(['CYPP Scorecard (automatic)', who === 'admin' ? email.admin : 'Administrator']);
      expect(othersEmails(JSON.stringify([targets, detail]), email[who]), who).toEqual([]);
    }
  });

  it('keeps the jobs list and the audit trail to admins', async () => {
    for (const who of ['officer', 'otherOfficer', 'executive', 'board', 'hwb', 'viewer'] as const) {
      for (const url of ['/api/jobs', '/api/audit-events']) {
        const refused = await as(who).get(url).expect(403);
        expect(othersEmails(JSON.stringify(refused.body), email[who]), `${who} ${url}`).toEqual([]);
      }
    }
    await as('admin').get('/api/audit-events').expect(200);
  });

  it('prints commentary and history in confidential papers and only approved commentary in the others, never an email', async () => {
    const ids = {} as Record<Paper, string>;
    for (const type of PAPERS) ids[type] = await paper(type);

    for (const type of ['exception_report', 'group_update'] as const) {
      const { model, pages, sheets, all } = await contents(ids[type]);
      expect(model.confidential, type).toBe(true);
      expect(all, type).toContain(NAMED.cause);
      expect(all, type).toContain('Emotional Wellbeing data officer');
      expect(all.match(EMAIL), type).toBeNull();
      expect(
        pages.filter((page) => !page.includes('OFFICIAL-SENSITIVE: CONFIDENTIAL')),
        type,
      ).toEqual([]);
      expect(
        sheets.filter((sheet) => !sheet.header.includes('OFFICIAL-SENSITIVE: CONFIDENTIAL')).map((s) => s.name),
        type,
      ).toEqual([]);
    }
    for (const type of ['board_scorecard', 'hwb_progress_pack'] as const) {
      const { model, pages, all } = await contents(ids[type]);
      expect(model.confidential, type).toBe(false);
      expect(all, type).not.toMatch(PEOPLE);
      expect(all, type).not.toContain(NAMED.cause);
      expect(all, type).toContain('Commentary held by the executive');
      expect(all, type).toContain(PUBLISHABLE.cause);
      expect(all.match(EMAIL), type).toBeNull();
      expect(
        model.exceptions.flatMap((e: { history: unknown[] }) => e.history),
        type,
      ).toEqual([]);
      expect(
        pages.every((page) => !page.includes('CONFIDENTIAL')),
        type,
      ).toBe(true);
    }

    // Who may read which paper follows its audience and classification; the rest get 404.
    const readable = async (who: Who, type: Paper) =>
      (await as(who).get(`/api/reports/${ids[type]}`)).status === 200 ? 'reads' : 'refused';
    const matrix: Record<string, string[]> = {};
    for (const who of ['executive', 'officer', 'otherOfficer', 'board', 'hwb', 'viewer'] as const) {
      matrix[who] = [];
      for (const type of PAPERS) matrix[who].push(`${type} ${await readable(who, type)}`);
    }
    expect(matrix).toEqual({
      executive: ['exception_report reads', 'board_scorecard reads', 'hwb_progress_pack reads', 'group_update reads'],
      officer: [
        'exception_report refused',
        'board_scorecard refused',
        'hwb_progress_pack refused',
        'group_update reads',
      ],
      otherOfficer: [
        'exception_report refused',
        'board_scorecard refused',
        'hwb_progress_pack refused',
        'group_update refused',
      ],
      board: ['exception_report refused', 'board_scorecard reads', 'hwb_progress_pack reads', 'group_update refused'],
      hwb: ['exception_report refused', 'board_scorecard refused', 'hwb_progress_pack reads', 'group_update refused'],
      viewer: [
        'exception_report refused',
        'board_scorecard refused',
        'hwb_progress_pack reads',
        'group_update refused',
      ],
    });
    const refused = await as('viewer').get(`/api/reports/${ids.exception_report}`).expect(404);
    expect(refused.body.code).toBe('REPORTS.NOT_FOUND');
    const listed = (await as('viewer').get('/api/reports').expect(200)).body;
    expect(listed.items.map((r: { type: string }) => r.type)).toEqual(['hwb_progress_pack']);
    expect(listed.items[0].requestedBy).toBe('Executive member');
  });

  it('marks every page and sheet of every paper confidential, and keeps them to their audience, when the partnership treats all papers as confidential', async () => {
    const [before] = (await as('viewer').get('/api/reports').expect(200)).body.items;
    await as('executive')
      .put('/api/report-types/board_scorecard', { classification: 'official-sensitive', audience: ['board_member'] })
      .expect(403);
    const bad = await as('admin')
      .put('/api/report-types/board_scorecard', { classification: 'secret', audience: ['governor'] })
      .expect(400);
    expect(JSON.stringify(bad.body)).toContain("classification must be 'official' or 'official-sensitive'");
    const settings = (await as('admin').get('/api/report-types').expect(200)).body as {
      type: Paper;
      audience: Role[];
    }[];
    for (const setting of settings) {
      await as('admin')
        .put(`/api/report-types/${setting.type}`, { classification: 'official-sensitive', audience: setting.audience })
        .expect(200);
    }
    const after = (await as('admin').get('/api/report-types').expect(200)).body;
    expect(after.find((s: { type: string }) => s.type === 'hwb_progress_pack')).toMatchObject({
      classification: 'official-sensitive',
      confidential: true,
      readers: ['admin', 'executive_member', 'board_member', 'hwb_member'],
      customised: true,
    });
    const audited = await api.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_event WHERE entity_type = 'report_type_setting'`,
    );
    expect(audited[0].n).toBe(4);

    for (const type of PAPERS) {
      const id = await paper(type);
      const { model, pages, sheets, all } = await contents(id);
      expect(model.confidential, type).toBe(true);
      expect(
        pages.filter((page) => !/CONFIDENTIAL/.test(page)),
        type,
      ).toEqual([]);
      expect(
        sheets.filter((sheet) => !sheet.header.includes('CONFIDENTIAL')).map((s) => s.name),
        type,
      ).toEqual([]);
      expect(all.match(EMAIL), type).toBeNull();
      if (type === 'hwb_progress_pack') {
        await as('viewer').get(`/api/reports/${id}`).expect(404);
        await as('viewer').get(`/api/reports/${id}/files/pdf`).expect(404);
        await as('hwb').get(`/api/reports/${id}`).expect(200);
      }
      if (type === 'board_scorecard') {
        await as('board').get(`/api/reports/${id}`).expect(200);
        await as('hwb').get(`/api/reports/${id}`).expect(404);
      }
    }
    // The pack already stored keeps its file and its readers.
    const stillListed = (await as('viewer').get('/api/reports').expect(200)).body.items;
    expect(stillListed.map((r: { id: string }) => r.id)).toEqual([before.id]);
    await as('viewer').download(`/api/reports/${before.id}/files/pdf`).expect(200);
  });
});
