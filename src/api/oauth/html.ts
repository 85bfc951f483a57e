/** The small HTML pages of the browser flow: Pleroma renders the same from its oauth templates. */

export const escapeHtml = (value: string) =>
  value.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!,
  );

export function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}
label{display:block;margin:.75rem 0}input[type=text],input[type=password]{width:100%;padding:.4rem}
.error{color:#b00020}.scopes label{display:inline-block;margin-right:1rem}code{word-break:break-all}
</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

export interface AuthorizeForm {
  instanceName: string;
  appName: string | null;
  clientId: string;
  redirectUri: string;
  responseType: string;
  state: string;
  scopes: string[];
  /** All the app's scopes, offered as checkboxes; the requested ones are checked. */
  availableScopes: string[];
  codeChallenge: string;
  codeChallengeMethod: string;
  error?: string;
}

/** GET /oauth/authorize: the login form that authorizes an app. */
export function authorizePage(form: AuthorizeForm): string {
  const hidden = (name: string, value: string) =>
    value ? `<input type="hidden" name="authorization[${name}]" value="${escapeHtml(value)}">` : '';
  // Pleroma's form offers the app's scopes only, checking those requested: no other could be granted. A Set, not
  // includes(): a request may name tens of thousands of scopes, and the square of that is minutes.
  const requested = new Set(form.scopes);
  const scopeBoxes = form.availableScopes
    .map(
      (scope) =>
        `<label><input type="checkbox" name="authorization[scope][]" value="${escapeHtml(scope)}"${
          requested.has(scope) ? ' checked' : ''
        }> ${escapeHtml(scope)}</label>`,
    )
    .join('\n');
  const app = form.appName ? `<strong>${escapeHtml(form.appName)}</strong>` : 'An application';
  return page(
    `Log in — ${form.instanceName}`,
    `<h1>${escapeHtml(form.instanceName)}</h1>
<p>${app} asks for access to your account.</p>
${form.error ? `<p class="error" role="alert">${escapeHtml(form.error)}</p>` : ''}
<form method="post" action="/oauth/authorize">
<label>Username or e-mail <input type="text" name="authorization[name]" autocomplete="username" required></label>
<label>Password <input type="password" name="authorization[password]" autocomplete="current-password" required></label>
<fieldset class="scopes"><legend>Permissions</legend>
${scopeBoxes}
</fieldset>
${hidden('client_id', form.clientId)}
${hidden('redirect_uri', form.redirectUri)}
${hidden('response_type', form.responseType)}
${hidden('state', form.state)}
${hidden('code_challenge', form.codeChallenge)}
${hidden('code_challenge_method', form.codeChallengeMethod)}
<p><button type="submit">Authorize</button></p>
</form>`,
  );
}

/** The out-of-band flow (`urn:ietf:wg:oauth:2.0:oob`): the user copies the code into the app. */
export function oobCodePage(instanceName: string, code: string): string {
  return page(
    `Authorized — ${instanceName}`,
    `<h1>Successfully authorized</h1>
<p>Copy this authorization code into the application:</p>
<p><code id="authorization-code">${escapeHtml(code)}</code></p>`,
  );
}
