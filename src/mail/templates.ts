import type { MailMessage } from './mailer.js';

const escapeHtml = (value: string) =>
  value.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!,
  );

/** Pleroma's UserEmail.account_confirmation_email, with a plain-text part beside the HTML. */
export function confirmationMail(to: string, instanceName: string, link: string): MailMessage {
  const name = escapeHtml(instanceName);
  return {
    to,
    subject: `${instanceName} account confirmation`,
    text: [
      `Thank you for registering on ${instanceName}.`,
      'Email confirmation is required to activate the account.',
      `Open this link to activate your account: ${link}`,
    ].join('\n\n'),
    html: `<h3>Thank you for registering on ${name}</h3>
<p>Email confirmation is required to activate the account.</p>
<p>Please click the following link to <a href="${escapeHtml(link)}">activate your account</a>.</p>`,
  };
}

/** Pleroma's UserEmail.backup_is_ready_email (self-requested), with a plain-text part beside the HTML. */
export function backupReadyMail(to: string, downloadUrl: string): MailMessage {
  const url = escapeHtml(downloadUrl);
  return {
    to,
    subject: 'Your account archive is ready',
    text: `You requested a full backup of your Pleroma account. It's ready for download:\n\n${downloadUrl}`,
    html: `<p>You requested a full backup of your Pleroma account. It's ready for download:</p>
<p><a href="${url}">${url}</a></p>`,
  };
}
