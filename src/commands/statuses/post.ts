import { createHash, randomUUID } from 'node:crypto';
import { actorUrl } from '../../domain/account/addresses.js';
import { notFound, unprocessable } from '../../domain/shared/errors.js';
import {
  checkMediaCount,
  checkPostStatus,
  contextUri,
  idempotencyDecider,
  idempotencyStream,
  isVisibleTo,
  type Mention,
  type PostStatus,
  type ReplyTarget,
  type StatusApplication,
  statusDecider,
  statusStream,
  type Visibility,
} from '../../domain/status/index.js';
import { customEmojiIn } from '../../emoji/inText.js';
import {
  type AccountRecord,
  findAccountById,
  findAccountByNickname,
} from '../../projections/accounts/queries.js';
import { findAttachmentsByIds } from '../../projections/media/queries.js';
import { findAppById } from '../../projections/oauth/queries.js';
import { isFollowing } from '../../projections/relationships/queries.js';
import { STATUSES_PROJECTOR } from '../../projections/statuses/projector.js';
import { findStatusById, type StatusRecord } from '../../projections/statuses/queries.js';
import { conversationTarget, deliverPostedStatus } from '../conversations/index.js';
import { type CommandContext, handleCommand } from '../handleCommand.js';
import { subcommand } from '../oauth/deps.js';
import type { StatusCommandDeps } from './deps.js';
import { formatStatus, type MentionTarget, mentionedNicknames } from './format.js';

export interface PostStatusInput {
  status?: string;
  spoilerText?: string;
  sensitive?: boolean;
  visibility?: Visibility;
  inReplyToId?: string;
  /** §6.2: a participation id of the poster's; the status goes to exactly its recipients, direct. */
  inReplyToConversationId?: string;
  language?: string;
  mediaIds?: string[];
  /** Seconds until the status deletes itself (`expires_in`); none: never. */
  expiresIn?: number;
  /** The `Idempotency-Key` header: the same key from the same user yields the same status. */
  idempotencyKey?: string;
  /** The app of the token used, shown as `application`. */
  appId?: string | null;
}

/** Pleroma's ActivityDraft messages for a reply target that is gone or hidden (answered with 422). */
export const REPLY_TO_DELETED = 'Cannot reply to a deleted status';
export const REPLY_TO_INVISIBLE = 'Record not found';

const LANGUAGE = /^[a-zA-Z]{2,3}([-_][a-zA-Z0-9]{2,8})*$/;
/** Mentions looked up per post: enough for any real post, bounded for a hostile one. */
const MAX_MENTIONS = 50;

async function replyTarget(
  deps: StatusCommandDeps,
  authorId: string,
  id: string | undefined,
): Promise<StatusRecord | null> {
  if (id === undefined || id === '') return null;
  const parent = await findStatusById(deps.db, id);
  if (!parent) throw unprocessable(REPLY_TO_DELETED);
  // Pleroma's visible_for_user?: a private status is its author's followers' to see, and to answer.
  const followsAuthor =
    parent.visibility === 'private' && (await isFollowing(deps.db, authorId, parent.accountId));
  if (!isVisibleTo(parent, authorId, { followsAuthor })) throw unprocessable(REPLY_TO_INVISIBLE);
  return parent;
}

async function resolveMentions(deps: StatusCommandDeps, text: string): Promise<Map<string, MentionTarget>> {
  const names = mentionedNicknames(text, deps.config.LOCAL_DOMAIN).slice(0, MAX_MENTIONS);
  const found = await Promise.all(names.map((name) => findAccountByNickname(deps.db, name)));
  const targets = new Map<string, MentionTarget>();
  for (const account of found) {
    if (!account?.isActive) continue;
    const target = {
      id: account.id,
      nickname: account.nickname,
      url: actorUrl(deps.config, account.nickname),
    };
    targets.set(account.nickname.toLowerCase(), target);
  }
  return targets;
}

async function application(deps: StatusCommandDeps, appId: string | null | undefined) {
  const app = appId ? await findAppById(deps.db, appId) : undefined;
  return app ? ({ id: app.appId, name: app.name, website: app.website } satisfies StatusApplication) : null;
}

/** Builds the command: renders the content, resolves mentions and the thread. Reads only. */
async function draft(
  deps: StatusCommandDeps,
  author: AccountRecord,
  input: PostStatusInput,
  now: Date,
): Promise<Omit<PostStatus, 'statusId'>> {
  // More ids than a status may carry is refused before they reach a query: a whole body of ids is more bind
  // parameters than PostgreSQL takes (a 500). Pleroma counts the attachments found; past the limit no count of
  // found ones can matter to a real client.
  checkMediaCount(input.mediaIds ?? []);
  const parent = await replyTarget(deps, author.id, input.inReplyToId);
  const conversation = await conversationTarget(deps, author.id, input.inReplyToConversationId);
  const text = (input.status ?? '').trim();
  const targets = await resolveMentions(deps, text);
  const formatted = formatStatus(text, {
    publicUrl: deps.config.PUBLIC_URL,
    localDomain: deps.config.LOCAL_DOMAIN,
    resolve: (nickname) => targets.get(nickname.toLowerCase()),
  });
  // §6.2: into a conversation, always direct and to exactly its recipients (mentions in the text add no one).
  const visibility = conversation ? 'direct' : (input.visibility ?? parent?.visibility ?? author.privacy);
  const mentions: Mention[] =
    conversation?.mentions ?? formatted.mentions.map((m) => ({ accountId: m.id, nickname: m.nickname }));
  // A reply addresses the parent's author too, first (Pleroma's get_to_and_cc): a public or unlisted one
  // always, a direct one when its parent is direct; a private one only by mention.
  const addressesParent =
    visibility === 'public' ||
    visibility === 'unlisted' ||
    (visibility === 'direct' && parent?.visibility === 'direct');
  if (
    !conversation &&
    parent &&
    addressesParent &&
    parent.accountId !== author.id &&
    !mentions.some((m) => m.accountId === parent.accountId)
  ) {
    const parentAuthor = await findAccountById(deps.db, parent.accountId);
    if (parentAuthor && parentAuthor.id !== author.id)
      mentions.unshift({ accountId: parentAuthor.id, nickname: parentAuthor.nickname });
  }
  const spoilerText = input.spoilerText ?? '';
  const inReplyTo: ReplyTarget | null = parent
    ? { id: parent.id, accountId: parent.accountId, visibility: parent.visibility }
    : null;
  return {
    type: 'PostStatus',
    objectId: randomUUID(),
    accountId: author.id,
    visibility,
    text,
    contentHtml: formatted.html,
    spoilerText,
    sensitive: input.sensitive ?? false,
    inReplyTo,
    mentions,
    tags: formatted.tags,
    language: input.language && LANGUAGE.test(input.language) ? input.language : null,
    context: conversation?.context ?? parent?.context ?? contextUri(deps.config.PUBLIC_URL, randomUUID()),
    application: await application(deps, input.appId),
    // Media: the author's own uploads only; unknown and foreign ids are dropped, as Pleroma's get_attachment does.
    mediaIds: (await findAttachmentsByIds(deps.db, input.mediaIds ?? [], author.id)).map((m) => m.id),
    emojis: customEmojiIn([text, spoilerText], deps.emoji, deps.config.PUBLIC_URL),
    expiresAt:
      input.expiresIn === undefined ? null : new Date(now.getTime() + input.expiresIn * 1000).toISOString(),
    characterLimit: deps.config.CHARACTER_LIMIT,
    now,
  };
}

/**
 * With an Idempotency-Key, the status id is claimed first on `idempotency-<account>-<sha256(key)>`
 * (`no_stream`): a repeated key finds the id already claimed and posts that id, which the status decider
 * takes as "already posted" — so a retry after a crash between claim and post still ends with one status.
 */
async function statusIdFor(
  deps: StatusCommandDeps,
  accountId: string,
  key: string | undefined,
  context: CommandContext,
): Promise<string> {
  const candidate = deps.ids.next();
  if (!key) return candidate;
  const hash = createHash('sha256').update(key).digest('hex');
  const result = await handleCommand(
    deps.eventStore,
    idempotencyStream(accountId, hash),
    idempotencyDecider,
    { type: 'ReserveIdempotencyKey', accountId, statusId: candidate },
    subcommand(context, 'idempotency'),
  );
  return result.state.status === 'held' ? result.state.statusId : candidate;
}

/** The position the read model must reach to show the stream's latest event. */
async function streamPosition(deps: StatusCommandDeps, stream: string): Promise<bigint | null> {
  const [last] = await deps.eventStore.readStream(stream, { direction: 'backwards', maxCount: 1 });
  return last?.position ?? null;
}

/** POST /api/v1/statuses: checks, claims the idempotency key, appends StatusPosted, answers the projected status. */
export async function postStatus(
  deps: StatusCommandDeps,
  accountId: string,
  input: PostStatusInput,
  context: CommandContext,
): Promise<StatusRecord> {
  const author = await findAccountById(deps.db, accountId);
  if (!author) throw notFound();
  const command = await draft(deps, author, input, context.time);
  checkPostStatus({ ...command, statusId: '' }); // refuse before claiming anything
  const statusId = await statusIdFor(deps, accountId, input.idempotencyKey, context);
  const stream = statusStream(statusId);
  const result = await handleCommand(
    deps.eventStore,
    stream,
    statusDecider,
    { ...command, statusId },
    subcommand(context, 'post'),
  );
  await deps.projections.waitFor(
    [STATUSES_PROJECTOR],
    result.position ?? (await streamPosition(deps, stream)),
  );
  const status = await findStatusById(deps.db, statusId);
  if (!status) throw notFound(); // a repeated key whose status was deleted since
  // Issue 6: a direct status reaches its participants' conversations before the answer, which shows the
  // poster's `direct_conversation_id` (the conversations process finishes the job if we stop here).
  if (status.visibility === 'direct') await deliverPostedStatus(deps, stream, context.time);
  return status;
}
