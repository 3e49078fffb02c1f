import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailRefused, NotifyTransport } from './mail-transport.js';

// A Notify API key is "<name>-<service id>-<secret key id>"; this one is made up for the test.
const SERVICE_ID = '26785a09-ab16-4eb0-8407-a37497a57506';
const KEY_ID = '3d844edf-8d35-48ac-975b-e847b4f122b0';
const API_KEY = `test_key-${SERVICE_ID}-${KEY_ID}`;

interface Seen {
  method: string;
  url: string;
  authorization: string;
  body: Record<string, unknown>;
}

describe(NotifyTransport.name, () => {
  let server: Server;
  let baseUrl: string;
  const seen: Seen[] = [];
  let answer = { status: 201, body: { id: 'notify-message-id' } as object };

  beforeAll(async () => {
    server = createServer((request: IncomingMessage, response) => {
      let raw = '';
      request.on('data', (chunk) => (raw += chunk));
      request.on('end', () => {
        seen.push({
          method: request.method ?? '',
          url: request.url ?? '',
          authorization: request.headers.authorization ?? '',
          body: JSON.parse(raw) as Record<string, unknown>,
        });
        response.writeHead(answer.status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const mail = {
    id: '0b6f5f9e-6d6b-4a57-9a11-0d6c1d9b1e8a',
    to: 'officer@council.gov.uk',
    subject: 'EWB: 2024-25 Q3 return is due today',
    text: 'The 2024-25 Q3 return is due today.',
    html: '<p>unused by Notify</p>',
    attachments: [],
  };

  it('posts the email to Notify as its API expects: template, address, subject and body, our id as reference', async () => {
    const sut = new NotifyTransport(API_KEY, 'template-1', baseUrl);
    await expect(sut.send(mail)).resolves.toBe('notify-message-id');
    const [request] = seen;
    expect(request).toMatchObject({ method: 'POST', url: '/v2/notifications/email' });
    expect(request!.body).toEqual({
      template_id: 'template-1',
      email_address: 'officer@council.gov.uk',
      personalisation: { subject: mail.subject, body: mail.text },
      reference: mail.id,
    });
    // A JWT signed with the secret, naming the service as its issuer.
    const [, payload] = request!.authorization.replace('Bearer ', '').split('.');
    expect(JSON.parse(Buffer.from(payload!, 'base64url').toString())).toMatchObject({ iss: SERVICE_ID });
  });

  it('records a 400 from Notify as a refusal with its message', async () => {
    answer = {
      status: 400,
      body: {
        errors: [{ error: 'BadRequestError', message: "Can't send to this recipient using a team-only API key" }],
      },
    };
    const sut = new NotifyTransport(API_KEY, 'template-1', baseUrl);
    const error = await sut.send(mail).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailRefused);
    expect((error as MailRefused).reason).toBe(
      "GOV.UK Notify 400: Can't send to this recipient using a team-only API key",
    );
  });

  it('leaves a 500 from Notify to be retried', async () => {
    answer = { status: 500, body: { errors: [{ error: 'Exception', message: 'Internal server error' }] } };
    const sut = new NotifyTransport(API_KEY, 'template-1', baseUrl);
    const error = await sut.send(mail).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(MailRefused);
  });
});
