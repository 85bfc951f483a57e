import { Router } from 'express';
import {
  changeConversationRecipients,
  deleteConversation,
  markAllConversationsRead,
  markConversationRead,
  ownParticipation,
} from '../../commands/conversations/index.js';
import { conversationsPageRead } from '../../projections/conversations/queries.js';
import { conversationStatuses } from '../../projections/statuses/queries.js';
import type { AppDeps } from '../deps.js';
import { authenticated } from '../http/auth.js';
import { commandContext } from '../http/commandContext.js';
import { parsePage, setLinkHeader } from '../http/pagination.js';
import { validate } from '../http/validate.js';
import { presentStatuses, statusExtrasProviders } from '../statuses/gather.js';
import { readPageGathered } from '../statuses/gathered.js';
import { presentConversation, presentConversations, renderConversations } from './present.js';
import { conversationIdSchema, conversationsSchema, updateConversationSchema } from './schemas.js';

const readStatuses = authenticated({ scopes: ['read:statuses'] });
const writeConversations = authenticated({ scopes: ['write:conversations'] });

/** Conversations (§6, §12.6): the Mastodon endpoints and Pleroma's own, over one read model. */
export function conversationRoutes(deps: AppDeps): Router {
  const router = Router();

  /** GET /api/v1/conversations (§6.8) — by last activity; `recipients[]`: exactly these participants and me. */
  router.get('/api/v1/conversations', readStatuses, async (req, res) => {
    const viewerId = req.auth!.accountId!;
    const { recipients } = validate(conversationsSchema, req);
    const page = parsePage(req);
    const participants = recipients && [viewerId, ...recipients];
    const read = conversationsPageRead(viewerId, page, participants);
    const { records, gathered } = await readPageGathered(deps.db, read, viewerId, statusExtrasProviders);
    setLinkHeader(
      res,
      req,
      deps.config,
      records.map((row) => ({ id: row.lastActivityId })),
    );
    res.json(await renderConversations(deps, records, gathered, viewerId));
  });

  /** POST /api/v1/conversations/:id/read (§6.8). */
  router.post('/api/v1/conversations/:id/read', writeConversations, async (req, res) => {
    const viewerId = req.auth!.accountId!;
    const { id } = validate(conversationIdSchema, req);
    const participation = await markConversationRead(deps, viewerId, id, commandContext(req, deps));
    res.json(await presentConversation(deps, participation, viewerId));
  });

  /** DELETE /api/v1/conversations/:id (§6.8) — answers `{}`. */
  router.delete('/api/v1/conversations/:id', writeConversations, async (req, res) => {
    const { id } = validate(conversationIdSchema, req);
    await deleteConversation(deps, req.auth!.accountId!, id, commandContext(req, deps));
    res.json({});
  });

  /** POST /api/v1/pleroma/conversations/read (§6.7) — the conversations it marked read. */
  router.post('/api/v1/pleroma/conversations/read', writeConversations, async (req, res) => {
    const viewerId = req.auth!.accountId!;
    const changed = await markAllConversationsRead(deps, viewerId, commandContext(req, deps));
    res.json(await presentConversations(deps, changed, viewerId));
  });

  /** GET /api/v1/pleroma/conversations/:id (§6.4). */
  router.get('/api/v1/pleroma/conversations/:id', readStatuses, async (req, res) => {
    const viewerId = req.auth!.accountId!;
    const participation = await ownParticipation(deps, viewerId, validate(conversationIdSchema, req).id);
    res.json(await presentConversation(deps, participation, viewerId));
  });

  /** GET /api/v1/pleroma/conversations/:id/statuses (§6.5) — oldest first; a page is the newest `limit`. */
  router.get('/api/v1/pleroma/conversations/:id/statuses', readStatuses, async (req, res) => {
    const viewerId = req.auth!.accountId!;
    const participation = await ownParticipation(deps, viewerId, validate(conversationIdSchema, req).id);
    const rows = await conversationStatuses(deps.db, participation.context, viewerId, parsePage(req));
    setLinkHeader(res, req, deps.config, rows); // rows are newest first: "next" pages to older ones
    res.json(await presentStatuses(deps, rows.toReversed(), viewerId));
  });

  /** PATCH /api/v1/pleroma/conversations/:id (§6.6) — `recipients[]` and the owner become the recipients. */
  router.patch('/api/v1/pleroma/conversations/:id', writeConversations, async (req, res) => {
    const viewerId = req.auth!.accountId!;
    const { id, recipients } = validate(updateConversationSchema, req);
    const context = commandContext(req, deps);
    const participation = await changeConversationRecipients(deps, viewerId, id, recipients, context);
    res.json(await presentConversation(deps, participation, viewerId));
  });

  return router;
}
