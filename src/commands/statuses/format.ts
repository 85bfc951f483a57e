import { LinkifyIt } from 'linkify-it';
import { escapeHtml } from '../../projections/accounts/html.js';

/** A local account a mention resolved to. */
export interface MentionTarget {
  id: string;
  nickname: string;
  /** The actor URL the mention links to. */
  url: string;
}

export interface FormatOptions {
  publicUrl: string;
  /** `@nick@<localDomain>` is a local mention like `@nick`. */
  localDomain: string;
  /** Looks a nickname up among local accounts (any case); undefined leaves the mention as text. */
  resolve(nickname: string): MentionTarget | undefined;
}

export interface FormattedStatus {
  html: string;
  /** Resolved mentions, in order of first appearance, each once. */
  mentions: MentionTarget[];
  /** Hashtags lowercased, in order of first appearance, each once. */
  tags: string[];
}

// Only web links: no mailto:, ftp: or protocol-relative links, and never javascript: (linkify-it knows no such schema).
const linkify = new LinkifyIt()
  .add('ftp:', null)
  .add('mailto:', null)
  .add('//', null)
  .set({ fuzzyLink: true, fuzzyEmail: false });

// `@nick` or `@nick@host`, not inside a word, an address or a path.
const MENTION = /(?<![\p{L}\p{N}_@/.])@([a-zA-Z0-9_]+)(?:@([a-zA-Z0-9.-]+(?::\d+)?))?/gu;
// `#tag`, not inside a word or an entity, as Pleroma's Linkify reads one: word characters with at least one
// letter (so `#123` is none), then combining marks (Indic scripts' vowel signs), `·` and zero-width non-joiners.
const HASHTAG = /(?<![\p{L}\p{N}_&/#])#([\p{L}\p{N}_]*[\p{L}_·\u200c][\p{L}\p{N}\p{M}_·\u200c]*)/gu;

const attribute = escapeHtml;
const text = (raw: string) => escapeHtml(raw).replace(/\r?\n/g, '<br/>');

/** Nicknames the text may mention locally (for one batched lookup before formatting). */
export function mentionedNicknames(source: string, localDomain: string): string[] {
  const names = new Set<string>();
  for (const match of source.matchAll(MENTION)) {
    const host = match[2];
    if (!host || host.toLowerCase() === localDomain.toLowerCase()) names.add(match[1]!.toLowerCase());
  }
  return [...names];
}

type Piece = { kind: 'text'; raw: string } | { kind: 'link'; raw: string; url: string };

function splitLinks(source: string): Piece[] {
  const pieces: Piece[] = [];
  let at = 0;
  for (const match of linkify.match(source) ?? []) {
    // A bare domain right after `@` belongs to a mention or an address: leave it to the mention pass.
    if (source[match.index - 1] === '@') continue;
    if (match.index > at) pieces.push({ kind: 'text', raw: source.slice(at, match.index) });
    pieces.push({ kind: 'link', raw: match.raw, url: match.url });
    at = match.lastIndex;
  }
  if (at < source.length) pieces.push({ kind: 'text', raw: source.slice(at) });
  return pieces;
}

/**
 * Pleroma's text/plain formatter: everything escaped, then web links, local @mentions and #hashtags made
 * into links (Pleroma's own markup), and new lines into `<br/>`. No user-supplied markup survives.
 */
export function formatStatus(source: string, options: FormatOptions): FormattedStatus {
  const mentions = new Map<string, MentionTarget>();
  const tags = new Set<string>();
  const mention = (raw: string, nick: string, host: string | undefined) => {
    const local = !host || host.toLowerCase() === options.localDomain.toLowerCase();
    const target = local ? options.resolve(nick) : undefined;
    if (!target) return text(raw);
    if (!mentions.has(target.id)) mentions.set(target.id, target);
    return `<span class="h-card"><a class="u-url mention" data-user="${attribute(target.id)}" href="${attribute(target.url)}" rel="ugc">@<span>${escapeHtml(target.nickname)}</span></a></span>`;
  };
  const hashtag = (raw: string, name: string) => {
    const tag = name.toLowerCase();
    tags.add(tag);
    // As Pleroma writes it: the tag as it is (a browser encodes what it must).
    const href = `${options.publicUrl}/tag/${tag}`;
    return `<a class="hashtag" data-tag="${attribute(tag)}" href="${attribute(href)}" rel="tag ugc">${escapeHtml(raw)}</a>`;
  };
  const plain = (raw: string) => {
    let out = '';
    let at = 0;
    const found = [
      ...[...raw.matchAll(MENTION)].map((m) => ({ m, render: () => mention(m[0], m[1]!, m[2]) })),
      ...[...raw.matchAll(HASHTAG)].map((m) => ({ m, render: () => hashtag(m[0], m[1]!) })),
    ].sort((a, b) => a.m.index - b.m.index);
    for (const { m, render } of found) {
      if (m.index < at) continue;
      out += text(raw.slice(at, m.index)) + render();
      at = m.index + m[0].length;
    }
    return out + text(raw.slice(at));
  };
  const html = splitLinks(source)
    .map((piece) =>
      piece.kind === 'link'
        ? `<a href="${attribute(piece.url)}" rel="ugc">${escapeHtml(piece.raw)}</a>`
        : plain(piece.raw),
    )
    .join('');
  return { html, mentions: [...mentions.values()], tags: [...tags] };
}
