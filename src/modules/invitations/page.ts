import type { FastifyInstance } from 'fastify';
import { INVITE_PATH } from './model.js';

/**
 * The page an invitation link opens, until the dashboard exists: static HTML and one script file,
 * under a CSP that allows nothing else (no inline script or style, no other origin, no form posts:
 * the script sends the JSON itself). The token is in the URL fragment: the script reads it, removes it
 * from the address bar and history, and posts it to POST /api/v1/invitations/accept (cookie mode).
 */
export const INVITE_CSP: Record<string, string[]> = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'connect-src': ["'self'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
  'object-src': ["'none'"],
};

export const INVITE_SCRIPT_PATH = `${INVITE_PATH}.js`;

const HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Accept your MDL invitation</title>
<script src="${INVITE_SCRIPT_PATH}" defer></script>
</head>
<body>
<main>
<h1>Accept your MDL invitation</h1>
<p id="missing" hidden>This page needs the link from your invitation (it ends with <code>#token=…</code>). Open the link again, or ask the workspace admin to resend it.</p>
<form id="accept" hidden>
<p>Already have an MDL account with the invited address? Enter its password. Otherwise choose a password (at least 12 characters, not easy to guess): your account is created.</p>
<p><label>Password<br><input id="password" type="password" autocomplete="current-password" required maxlength="1024"></label></p>
<p><label>Your name (new account only)<br><input id="display_name" type="text" autocomplete="name" maxlength="200"></label></p>
<p id="mfa" hidden><label>Two-factor code (from your authenticator app, or a recovery code)<br><input id="mfa_code" type="text" autocomplete="one-time-code" maxlength="64"></label></p>
<p><button type="submit">Accept invitation</button></p>
</form>
<p id="status" role="status" aria-live="polite"></p>
</main>
</body>
</html>
`;

const SCRIPT = `'use strict';
(function () {
  var token = new URLSearchParams(location.hash.slice(1)).get('token');
  // The token is a credential: keep it out of the address bar, history and bookmarks.
  if (location.hash) history.replaceState(null, '', location.pathname);
  document.addEventListener('DOMContentLoaded', function () {
    var form = document.getElementById('accept');
    var status = document.getElementById('status');
    if (!token) { document.getElementById('missing').hidden = false; return; }
    form.hidden = false;
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var body = { token: token, password: document.getElementById('password').value, mode: 'cookie' };
      var name = document.getElementById('display_name').value.trim();
      var code = document.getElementById('mfa_code').value.trim();
      if (name) body.display_name = name;
      if (code) body.mfa_code = code;
      status.textContent = 'Accepting…';
      fetch('/api/v1/invitations/accept', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), credentials: 'same-origin' })
        .then(function (res) { return res.json().then(function (data) { return { ok: res.ok, data: data }; }); })
        .then(function (r) {
          if (r.ok) {
            form.hidden = true;
            status.textContent = (r.data.already_member ? 'You were already a member of workspace ' : 'You joined workspace ') + r.data.workspace_id + ' as ' + r.data.role + '. You are signed in.';
            return;
          }
          var e = r.data && r.data.error ? r.data.error : { message: 'the invitation could not be accepted' };
          if (e.details && e.details.mfa_required) document.getElementById('mfa').hidden = false;
          var issues = Array.isArray(e.details) ? ': ' + e.details.map(function (i) { return i.message; }).join('; ') : '';
          status.textContent = e.message + issues;
        })
        .catch(function () { status.textContent = 'The server could not be reached. Try again.'; });
    });
  });
})();
`;

/** GET /invite (the page) and GET /invite.js (its script): public, static, cacheable for a short while. */
export function registerInvitePage(app: FastifyInstance): void {
  const helmet = { contentSecurityPolicy: { useDefaults: false, directives: INVITE_CSP } };
  app.get(INVITE_PATH, { config: { scope: 'public' }, helmet, schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').header('cache-control', 'public, max-age=300').send(HTML));
  app.get(INVITE_SCRIPT_PATH, { config: { scope: 'public' }, helmet, schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=300').send(SCRIPT));
}
