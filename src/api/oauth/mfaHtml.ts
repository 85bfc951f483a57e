import { escapeHtml, page } from './html.js';

/** The two-factor step of the browser flow, as Pleroma's o_auth/mfa templates render it. */
export interface MfaForm {
  instanceName: string;
  challengeType: 'totp' | 'recovery';
  mfaToken: string;
  redirectUri: string;
  state: string;
  error?: string;
}

const variants = {
  totp: {
    title: 'Two-factor authentication',
    label: 'Authentication code',
    input: 'inputmode="numeric" autocomplete="one-time-code" maxlength="6" pattern="[0-9]{6}"',
    other: 'recovery',
    link: 'Enter a two-factor recovery code',
  },
  recovery: {
    title: 'Two-factor recovery',
    label: 'Recovery code',
    input: 'autocomplete="off"',
    other: 'totp',
    link: 'Enter a two-factor code',
  },
} as const;

/** GET /oauth/mfa and the two-factor answer of POST /oauth/authorize: the code form posting to verify. */
export function mfaPage(form: MfaForm): string {
  const variant = variants[form.challengeType];
  const hidden = (name: string, value: string) =>
    `<input type="hidden" name="mfa[${name}]" value="${escapeHtml(value)}">`;
  const other = new URLSearchParams({
    challenge_type: variant.other,
    mfa_token: form.mfaToken,
    state: form.state,
    redirect_uri: form.redirectUri,
  });
  return page(
    `${variant.title} — ${form.instanceName}`,
    `<h1>${variant.title}</h1>
${form.error ? `<p class="error" role="alert">${escapeHtml(form.error)}</p>` : ''}
<form method="post" action="/oauth/mfa/verify">
<label>${variant.label} <input type="text" name="mfa[code]" ${variant.input} autocapitalize="off" spellcheck="false" autofocus required></label>
${hidden('mfa_token', form.mfaToken)}
${hidden('state', form.state)}
${hidden('redirect_uri', form.redirectUri)}
${hidden('challenge_type', form.challengeType)}
<p><button type="submit">Verify</button></p>
</form>
<p><a href="/oauth/mfa?${escapeHtml(other.toString())}">${variant.link}</a></p>`,
  );
}
