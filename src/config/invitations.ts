import { isLoopbackHost } from './secrets.js';

/** How invitation links go out (MDL_SMTP_URL, MDL_SMTP_FROM) and how long they work (MDL_INVITATION_TTL_HOURS). */
export interface InvitationSettings {
  ttlHours: number;
  /** Unset: the link is shown once to the admin who creates or resends the invitation. */
  smtp?: SmtpSettings;
}

export interface SmtpSettings {
  /** smtp://[user:pass@]host[:port] (STARTTLS, required beyond loopback) or smtps://… (TLS from the start). A secret. */
  url: string;
  /** The From address: `mdl@example.com` or `MDL <mdl@example.com>`. */
  from: string;
}

export const DEFAULT_INVITATION_TTL_HOURS = 7 * 24;

const ADDRESS = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;
const NAMED_ADDRESS = /^[^<>\r\n"]*<([^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+)>$/;

/**
 * MDL_SMTP_URL and MDL_SMTP_FROM, checked together. Problems name the setting, never the URL (it may
 * carry the SMTP password). `production`: the links in emails must be built on MDL_PUBLIC_URL, never on
 * a request's Host header.
 */
export function parseSmtpSettings(
  url: string | undefined, from: string | undefined, o: { production: boolean; publicUrl: boolean },
): { smtp?: SmtpSettings; problems: string[] } {
  const given = url !== undefined && url.trim() !== '';
  const fromGiven = from !== undefined && from.trim() !== '';
  if (!given) return { problems: fromGiven ? ['MDL_SMTP_FROM: set only together with MDL_SMTP_URL'] : [] };
  const problems: string[] = [];
  let parsed: URL | undefined;
  try {
    parsed = new URL(url.trim());
  } catch {
    problems.push('MDL_SMTP_URL: not a URL (for example smtps://user:password@smtp.example.com)');
  }
  if (parsed) {
    if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') problems.push('MDL_SMTP_URL: must be an smtp:// or smtps:// URL');
    else if (!parsed.hostname) problems.push('MDL_SMTP_URL: has no host');
    else if ((parsed.pathname !== '' && parsed.pathname !== '/') || parsed.search || parsed.hash) problems.push('MDL_SMTP_URL: must be scheme, credentials, host and port only (no path or query)');
  }
  const f = (from ?? '').trim();
  if (!fromGiven) problems.push('MDL_SMTP_FROM: required with MDL_SMTP_URL (the sender address, e.g. MDL <mdl@example.com>)');
  else if (/[\r\n]/.test(f) || !(ADDRESS.test(f) || NAMED_ADDRESS.test(f))) problems.push('MDL_SMTP_FROM: must be an address, or a name and <address>');
  if (o.production && !o.publicUrl) problems.push('MDL_SMTP_URL: needs MDL_PUBLIC_URL in production (the emailed links are built on it)');
  return problems.length ? { problems } : { smtp: { url: url.trim(), from: f }, problems };
}

/** Plain smtp:// beyond loopback must upgrade with STARTTLS: the link is a credential. */
export function smtpRequiresTls(url: string): boolean {
  const u = new URL(url);
  return u.protocol === 'smtp:' && !isLoopbackHost(u.hostname.replace(/^\[|\]$/g, ''));
}
