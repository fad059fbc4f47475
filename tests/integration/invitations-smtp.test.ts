import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { MailDeliveryError, SmtpMailer } from '../../src/modules/invitations/index.js';
import { hashToken } from '../../src/shared/token-hash.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { ENGINES } from '../helpers/databases.js';
import { startLocalSmtp, type LocalSmtp } from '../helpers/smtp.js';

/**
 * Invitation links by email, against a real SMTP server on loopback (smtp-server), configured as the
 * server configures itself: MDL_SMTP_URL and MDL_SMTP_FROM through loadConfig into the services. The
 * link goes to the invited address only; the admin's answer holds neither link nor token; a refused
 * delivery hands the admin the link instead, and no answer or audit event carries the SMTP URL or its
 * credentials.
 */
const SMTP_USER = 'mdl-mailer';
const SMTP_PASS = 'smtp p@ss/with:odd#chars';
const FROM = 'MDL Invitations <mdl@example.test>';
const NEW_PW = 'the invitee picks this passphrase 81';
const LINK = /http:\/\/localhost\/invite#token=([A-Za-z0-9_-]{43})/;
let ipSeq = 0;
const nextIp = () => `192.0.2.${(ipSeq++ % 250) + 1}`;

const smtpUrl = (port: number, pass = SMTP_PASS) => `smtp://${SMTP_USER}:${encodeURIComponent(pass)}@127.0.0.1:${port}`;
const invitationsConfig = (url: string) => loadConfig({ MDL_SMTP_URL: url, MDL_SMTP_FROM: FROM }).invitations;

/** What must never show in an answer or the audit log: the URL, its host:port, the user or the password. */
function expectNoSmtpSecrets(text: string, port: number): void {
  for (const secret of [SMTP_PASS, encodeURIComponent(SMTP_PASS), SMTP_USER, `127.0.0.1:${port}`, 'smtp://']) expect(text).not.toContain(secret);
}

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`invitations by SMTP on ${engine.label}`, () => {
    let smtp: LocalSmtp;
    let t: TestApp;
    const accept = (token: string) =>
      t.raw.inject({ method: 'POST', url: '/api/v1/invitations/accept', remoteAddress: nextIp(), payload: { token, password: NEW_PW } });
    const audit = async () => JSON.stringify(await t.tdb.db.selectFrom('audit_events').selectAll().execute());
    const mailTo = (address: string) => smtp.received.filter((m) => m.to.includes(address));

    beforeAll(async () => {
      smtp = await startLocalSmtp({ auth: { user: SMTP_USER, pass: SMTP_PASS }, refuse: (a) => a.endsWith('@refused.example') });
      const invitations = invitationsConfig(smtpUrl(smtp.port));
      expect(invitations.smtp).toEqual({ url: smtpUrl(smtp.port), from: FROM });
      t = await createTestApp(engine.name, { services: { invitations } });
    });
    afterAll(async () => {
      await t?.close();
      await smtp?.close();
    });

    it('mails the link to the invited address only; the answer holds no link or token; the mailed token works once', async () => {
      const r = await t.app.inject({ method: 'POST', url: '/api/v1/invitations', payload: { email: 'Mailed.Invitee@Example.com', role: 'editor' } });
      expect(r.statusCode, r.body).toBe(201);
      const body = r.json();
      expect(body.delivery).toEqual({ method: 'email', status: 'sent' });
      expect(body.link).toBeNull();
      expect(body).not.toHaveProperty('token');
      expect(body.invitation).toMatchObject({ email: 'mailed.invitee@example.com', delivery: 'email_sent', delivered_at: expect.any(String) });

      const mails = mailTo('mailed.invitee@example.com');
      expect(mails).toHaveLength(1);
      const mail = mails[0]!;
      expect(mail).toMatchObject({ from: 'mdl@example.test', to: ['mailed.invitee@example.com'], user: SMTP_USER });
      expect(mail.headers.from).toMatch(/^"?MDL Invitations"? <mdl@example\.test>$/);
      expect(mail.headers.to).toBe('mailed.invitee@example.com');
      expect(mail.headers.subject).toBe('Invitation to the MDL workspace "Default workspace"');
      expect(mail.text).toMatch(/as editor/);
      const token = LINK.exec(mail.text)?.[1];
      expect(token, mail.text).toBeDefined();
      expect(r.body).not.toContain(token!);
      expect(smtp.received.filter((m) => m.text.includes(token!))).toHaveLength(1);
      const row = await t.tdb.db.selectFrom('invitations').select('token_hash').where('id', '=', body.invitation.id).executeTakeFirstOrThrow();
      expect(row.token_hash).toBe(hashToken(token!));

      const ok = await accept(token!);
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toMatchObject({ workspace_id: 'default', role: 'editor' });
      expect((await accept(token!)).statusCode).toBe(401);
      const events = await audit();
      expect(events).not.toContain(token!);
      expect(events).toContain('invitation.deliver');
      expectNoSmtpSecrets(events, smtp.port);
    });

    it('a resend mails a new link and the old one stops working', async () => {
      const created = (await t.app.inject({ method: 'POST', url: '/api/v1/invitations', payload: { email: 'resent@example.com', role: 'viewer' } })).json();
      const first = LINK.exec(mailTo('resent@example.com')[0]!.text)![1]!;
      const resent = await t.app.inject({ method: 'POST', url: `/api/v1/invitations/${created.invitation.id}/resend` });
      expect(resent.statusCode, resent.body).toBe(200);
      expect(resent.json()).toMatchObject({ delivery: { method: 'email', status: 'sent' }, link: null });
      const mails = mailTo('resent@example.com');
      expect(mails).toHaveLength(2);
      const second = LINK.exec(mails[1]!.text)![1]!;
      expect(second).not.toBe(first);
      expect((await accept(first)).statusCode).toBe(401);
      expect((await accept(second)).statusCode).toBe(200);
    });

    it('a refused recipient (550 at RCPT) is a failed delivery: the admin gets the link, and nothing about the SMTP server', async () => {
      const before = smtp.received.length;
      const r = await t.app.inject({ method: 'POST', url: '/api/v1/invitations', payload: { email: 'nobody@refused.example', role: 'viewer' } });
      expect(r.statusCode, r.body).toBe(201);
      const body = r.json();
      expect(body.delivery).toEqual({ method: 'email', status: 'failed', reason: 'EENVELOPE (550)' });
      expect(body.link).toMatch(LINK);
      expect(body.invitation).toMatchObject({ delivery: 'email_failed', delivered_at: null });
      expect(smtp.received.length).toBe(before);
      expectNoSmtpSecrets(r.body, smtp.port);
      const got = await t.app.inject({ method: 'GET', url: `/api/v1/invitations/${body.invitation.id}` });
      expect(got.json()).toMatchObject({ status: 'pending', delivery: 'email_failed' });
      expectNoSmtpSecrets(got.body, smtp.port);

      const deliver = await t.tdb.db.selectFrom('audit_events').selectAll()
        .where('entity_id', '=', body.invitation.id).where('action', '=', 'invitation.deliver').execute();
      expect(deliver.map((e) => e.outcome)).toEqual(['failure']);
      expect(JSON.stringify(deliver)).toContain('EENVELOPE (550)');
      const events = await audit();
      expectNoSmtpSecrets(events, smtp.port);
      expect(events).not.toContain(LINK.exec(body.link)![1]!);
      expect((await accept(LINK.exec(body.link)![1]!)).statusCode).toBe(200);
    });

    it('wrong SMTP credentials (535 at AUTH) fail the delivery the same way, without the password', async () => {
      const wrong = await createTestApp(engine.name, { services: { invitations: invitationsConfig(smtpUrl(smtp.port, 'not the password')) } });
      try {
        const r = await wrong.app.inject({ method: 'POST', url: '/api/v1/invitations', payload: { email: 'auth-fails@example.com', role: 'viewer' } });
        expect(r.statusCode, r.body).toBe(201);
        expect(r.json().delivery).toEqual({ method: 'email', status: 'failed', reason: 'EAUTH (535)' });
        expect(r.json().link).toMatch(LINK);
        expect(smtp.logins).toContainEqual({ username: SMTP_USER, ok: false });
        expect(mailTo('auth-fails@example.com')).toEqual([]);
        for (const text of [r.body, JSON.stringify(await wrong.tdb.db.selectFrom('audit_events').selectAll().execute())]) {
          expectNoSmtpSecrets(text, smtp.port);
          expect(text).not.toContain('not the password');
        }
      } finally {
        await wrong.close();
      }
    });
  });
}

describe('the SMTP mailer', () => {
  it('names only an error code when nothing listens on the SMTP port', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const mailer = new SmtpMailer({ url: smtpUrl(port), from: FROM });
    const err = await mailer.send({ to: 'x@example.com', subject: 's', text: 't' }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(MailDeliveryError);
    expect((err as MailDeliveryError).reason).toMatch(/^E[A-Z_]+$/);
    expectNoSmtpSecrets((err as MailDeliveryError).message, port);
  });
});
