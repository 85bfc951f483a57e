import type { Config } from '../config.js';
import { actorUrl } from '../domain/account/addresses.js';
import type { AccountRecord } from '../projections/accounts/queries.js';
import type { MediaRecord } from '../projections/media/queries.js';
import type { StatusRecord } from '../projections/statuses/queries.js';

/**
 * The ActivityPub documents of a backup (§10), as Pleroma's UserView and Transmogrifier.prepare_outgoing
 * write them for a local account. Annals does not federate, so there is no `publicKey`, and the Create
 * activities, which Annals does not keep apart from their objects, get ids derived from the object's.
 * Pure: everything arrives as rows.
 */

type UrlConfig = Pick<Config, 'PUBLIC_URL'>;
type Json = Record<string, unknown>;

export const AS_PUBLIC = 'https://www.w3.org/ns/activitystreams#Public';

const image = (url: string | undefined) => (url ? { type: 'Image', url } : undefined);

/** Pleroma's UserView "user.json" for a local account. */
export function renderActor(account: AccountRecord, config: UrlConfig): Json {
  const id = actorUrl(config, account.nickname);
  const actor: Json = {
    '@context': [
      'https://www.w3.org/ns/activitystreams',
      `${config.PUBLIC_URL}/schemas/litepub-0.1.jsonld`,
      { '@language': 'und' },
    ],
    id,
    type: account.bot ? 'Service' : 'Person',
    following: `${id}/following`,
    followers: `${id}/followers`,
    inbox: `${id}/inbox`,
    outbox: `${id}/outbox`,
    featured: `${id}/collections/featured`,
    preferredUsername: account.nickname,
    name: account.displayName ?? account.nickname,
    summary: account.noteHtml,
    url: id,
    manuallyApprovesFollowers: account.locked,
    discoverable: account.discoverable,
    alsoKnownAs: account.alsoKnownAs.map((alias) => alias.apId),
    attachment: account.fields.map(({ name, value }) => ({ type: 'PropertyValue', name, value })),
    tag: [],
    endpoints: { sharedInbox: `${config.PUBLIC_URL}/inbox` },
    capabilities: { acceptsChatMessages: account.acceptsChatMessages },
    published: account.createdAt.toISOString(),
  };
  const icon = image(account.avatar?.url);
  const banner = image(account.header?.url);
  if (icon) actor.icon = icon;
  if (banner) actor.image = banner;
  return actor;
}

export const objectUri = (config: UrlConfig, objectId: string) => `${config.PUBLIC_URL}/objects/${objectId}`;

/** What a Create needs beside its status row, gathered a batch at a time. */
export interface NoteContext {
  /** The replied-to object's id, when the parent is still there. */
  inReplyTo: string | null;
  /** The replied-to status's author's actor id. */
  parentActor: string | null;
  /** The attached uploads, in order. */
  media: readonly MediaRecord[];
}

/** CommonAPI.Utils.get_to_and_cc_for_visibility. */
function addressing(status: StatusRecord, author: string, parentActor: string | null, config: UrlConfig) {
  const followers = `${author}/followers`;
  const mentions = status.mentions.map((m) => actorUrl(config, m.nickname));
  const withParent = (list: string[]) => [...new Set(parentActor ? [parentActor, ...list] : list)];
  switch (status.visibility) {
    case 'public':
      return { to: withParent([AS_PUBLIC, ...mentions]), cc: [followers] };
    case 'unlisted':
      return { to: withParent([followers, ...mentions]), cc: [AS_PUBLIC] };
    case 'private':
      return { to: [followers, ...mentions], cc: [] };
    case 'direct':
      return { to: mentions, cc: [] };
  }
}

function attachment(media: MediaRecord): Json {
  const link: Json = { type: 'Link', mediaType: media.mimeType, href: media.url };
  if (media.width !== null && media.height !== null)
    Object.assign(link, { width: media.width, height: media.height });
  return { type: 'Document', mediaType: media.mimeType, url: [link], name: media.description ?? '' };
}

/** One outbox item: the Create activity of a status, its Note embedded, without `@context`. */
export function renderCreate(
  status: StatusRecord,
  authorNickname: string,
  context: NoteContext,
  config: UrlConfig,
): Json {
  const actor = actorUrl(config, authorNickname);
  const { to, cc } = addressing(status, actor, context.parentActor, config);
  const published = status.createdAt.toISOString();
  const tag = [
    ...status.mentions.map((m) => ({
      type: 'Mention',
      href: actorUrl(config, m.nickname),
      name: `@${m.nickname}`,
    })),
    ...status.tags.map((name) => ({
      type: 'Hashtag',
      href: `${config.PUBLIC_URL}/tag/${encodeURIComponent(name)}`,
      name: `#${name}`,
    })),
  ];
  const note: Json = {
    id: objectUri(config, status.objectId),
    type: 'Note',
    actor,
    attributedTo: actor,
    content: status.contentHtml,
    source: { content: status.text, mediaType: 'text/plain' },
    summary: status.spoilerText,
    sensitive: status.sensitive,
    published,
    to,
    cc,
    context: status.context,
    conversation: status.context,
    inReplyTo: context.inReplyTo,
    tag,
    attachment: context.media.map(attachment),
    language: status.language,
  };
  return {
    id: `${config.PUBLIC_URL}/activities/${status.objectId}`,
    type: 'Create',
    actor,
    to,
    cc,
    context: status.context,
    published,
    directMessage: status.visibility === 'direct',
    object: note,
  };
}
