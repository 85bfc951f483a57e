/**
 * Pleroma renders a bio or a profile field value as HTML: the text escaped, links made clickable and new
 * lines turned into `<br/>`. (Mentions and hashtags in bios are left as text until those read models exist.)
 */
const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)]/g;

function linkify(escaped: string): string {
  return escaped.replace(URL_PATTERN, (url) => `<a href="${url}" rel="ugc">${url}</a>`);
}

export function textToHtml(text: string): string {
  return linkify(escapeHtml(text)).replace(/\r?\n/g, '<br/>');
}
