import type nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import { requireLazily } from '../../shared/lazy-require.js';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { smtpRequiresTls, type SmtpSettings } from '../../config/invitations.js';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

/** Sends one message, or throws MailDeliveryError. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
}

/** Why a message did not go out, in words safe to show an admin: an error code, never the SMTP URL or the message. */
export class MailDeliveryError extends Error {
  constructor(readonly reason: string, options?: { cause?: unknown }) {
    super(`email delivery failed: ${reason}`, options);
  }
}

/** Bounds on each SMTP step, so a silent server fails the delivery instead of holding the request. */
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };

/**
 * SMTP through nodemailer, one connection per message (invitations are rare; nothing stays open to be
 * closed at shutdown). smtps:// speaks TLS from the start; smtp:// must upgrade with STARTTLS unless the
 * server is on loopback (a local relay).
 */
export class SmtpMailer implements Mailer {
  private readonly transport: Transporter<SMTPTransport.SentMessageInfo>;

  constructor(private readonly settings: SmtpSettings) {
    const u = new URL(settings.url);
    const secure = u.protocol === 'smtps:';
    const options: SMTPTransport.Options = {
      host: u.hostname.replace(/^\[|\]$/g, ''),
      port: u.port ? Number(u.port) : secure ? 465 : 587,
      secure,
      requireTLS: smtpRequiresTls(settings.url),
      ...(u.username ? { auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } } : {}),
      ...TIMEOUTS,
      logger: false,
      debug: false,
    };
    this.transport = requireLazily<typeof nodemailer>('nodemailer').createTransport(options);
  }

  async send(mail: OutgoingMail): Promise<void> {
    try {
      await this.transport.sendMail({ from: this.settings.from, to: mail.to, subject: mail.subject, text: mail.text });
    } catch (err) {
      const e = err as { code?: unknown; responseCode?: unknown };
      const code = typeof e.code === 'string' && /^[A-Z_]{2,32}$/.test(e.code) ? e.code : 'SMTP_ERROR';
      const status = typeof e.responseCode === 'number' ? ` (${e.responseCode})` : '';
      throw new MailDeliveryError(`${code}${status}`, { cause: err });
    }
  }
}
