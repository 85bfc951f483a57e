import { type Request, Router } from 'express';
import { unendorseAccount } from '../../commands/endorsements/index.js';
import type { CommandContext } from '../../commands/handleCommand.js';
import { subcommand } from '../../commands/oauth/deps.js';
import {
  followCommand,
  muteExpiry,
  relateAndWait,
  requireTarget,
} from '../../commands/relationships/index.js';
import type { RelationshipCommand } from '../../domain/relationship/index.js';
import { type AccountRecord, findAccountsByIds } from '../../projections/accounts/queries.js';
import {
  blockedIdsPage,
  followerIdsPage,
  followingIdsPage,
  mutesPage,
} from '../../projections/relationships/queries.js';
import type { AppDeps } from '../deps.js';
import { authenticated, publicOrAuthenticated } from '../http/auth.js';
import { commandContext } from '../http/commandContext.js';
import { parsePage } from '../http/pagination.js';
import { validate } from '../http/validate.js';
import { expiryTime } from '../views/relationship.js';
import { presentRelationship, presentRelationships, sendAccountPage } from './present.js';
import {
  followSchema,
  idParam,
  muteSchema,
  relationshipsSchema,
  withRelationshipsSchema,
} from './schemas.js';

/** Whether an account list embeds each account's Relationship (`with_relationships`). */
const embedding = (req: Request) => ({
  withRelationships: validate(withRelationshipsSchema, req).with_relationships,
});

/** Pleroma's AccountController scopes (OR): the top-level `follow` or the fine-grained one. */
const FOLLOWS = ['follow', 'write:follows'];
const BLOCKS = ['follow', 'write:blocks'];
const MUTES = ['follow', 'write:mutes'];

type Action = {
  path: string;
  scopes: string[];
  command: (req: Request, actorId: string, target: AccountRecord, now: Date) => RelationshipCommand;
  /** What the action does besides, once the command is applied. */
  alsoDo?: (deps: AppDeps, actorId: string, target: AccountRecord, context: CommandContext) => Promise<void>;
};

const pair = (actorId: string, target: AccountRecord) => ({ actorId, targetId: target.id });

/** Every relationship action: POST, target by `:id` (§0.6), one command, the Relationship (§12.2) back. */
const actions: Action[] = [
  {
    path: '/api/v1/accounts/:id/follow',
    scopes: FOLLOWS,
    command: (req, actorId, target) => {
      const { reblogs, notify } = validate(followSchema, req);
      return followCommand(actorId, target, { reblogs, notify });
    },
  },
  {
    path: '/api/v1/accounts/:id/unfollow',
    scopes: FOLLOWS,
    command: (_, a, t) => ({ type: 'Unfollow', ...pair(a, t) }),
    // Pleroma's CommonAPI.unfollow ends the endorsement too (a block's unfollow does not).
    alsoDo: (deps, actorId, target, context) =>
      unendorseAccount(deps, actorId, target.id, subcommand(context, 'unendorse')),
  },
  {
    path: '/api/v1/accounts/:id/block',
    scopes: BLOCKS,
    command: (_, a, t) => ({ type: 'Block', ...pair(a, t) }),
  },
  {
    path: '/api/v1/accounts/:id/unblock',
    scopes: BLOCKS,
    command: (_, a, t) => ({ type: 'Unblock', ...pair(a, t) }),
  },
  {
    path: '/api/v1/accounts/:id/mute',
    scopes: MUTES,
    command: (req, actorId, target, now) => {
      const { notifications, duration, expires_in } = validate(muteSchema, req);
      const expiresAt = muteExpiry(now, duration ?? expires_in ?? 0);
      return { type: 'Mute', ...pair(actorId, target), notifications, expiresAt, now };
    },
  },
  {
    path: '/api/v1/accounts/:id/unmute',
    scopes: MUTES,
    command: (_, actorId, target, now) => ({ type: 'Unmute', ...pair(actorId, target), now }),
  },
  // §5.1 (deprecated in favour of `notify`, still used by Pleroma-FE).
  {
    path: '/api/v1/pleroma/accounts/:id/subscribe',
    scopes: FOLLOWS,
    command: (_, actorId, target) => ({
      type: 'Subscribe',
      ...pair(actorId, target),
      targetNickname: target.nickname,
    }),
  },
  {
    path: '/api/v1/pleroma/accounts/:id/unsubscribe',
    scopes: FOLLOWS,
    command: (_, actorId, target) => ({ type: 'Unsubscribe', ...pair(actorId, target) }),
  },
];

/**
 * Relationships (§12.2, §5.1): follow, block, mute, subscribe and their lists. Registered before
 * accountRoutes: its `GET /api/v1/accounts/:id` would take `/api/v1/accounts/relationships`.
 */
export function relationshipRoutes(deps: AppDeps): Router {
  const router = Router();

  for (const action of actions) {
    /** One relationship action; answers the Relationship as the read model shows it after the change. */
    router.post(action.path, authenticated({ scopes: action.scopes }), async (req, res) => {
      const actorId = req.auth!.accountId!;
      const target = await requireTarget(deps.db, validate(idParam, req).id);
      const context = commandContext(req, deps);
      await relateAndWait(deps, action.command(req, actorId, target, context.time), context);
      await action.alsoDo?.(deps, actorId, target, context);
      res.json(await presentRelationship(deps, actorId, target.id));
    });
  }

  /** GET /api/v1/accounts/relationships — unknown ids are left out. */
  router.get(
    '/api/v1/accounts/relationships',
    authenticated({ scopes: ['read:follows'] }),
    async (req, res) => {
      const { id } = validate(relationshipsSchema, req);
      const ids = [...new Set(id ?? [])];
      const known = await findAccountsByIds(deps.db, ids);
      res.json(
        await presentRelationships(
          deps,
          req.auth!.accountId!,
          ids.filter((i) => known.has(i)),
        ),
      );
    },
  );

  const readAccounts = publicOrAuthenticated({ scopes: ['read:accounts'], fallbackToAnonymous: true });

  /** GET /api/v1/accounts/:id/followers — empty when hidden (hide_followers), except for the owner. */
  router.get('/api/v1/accounts/:id/followers', readAccounts, async (req, res) => {
    const account = await requireTarget(deps.db, validate(idParam, req).id);
    const viewerId = req.auth?.accountId ?? null;
    const hidden = account.hideFollowers && viewerId !== account.id;
    const ids = hidden ? [] : await followerIdsPage(deps.db, account.id, parsePage(req));
    await sendAccountPage(deps, req, res, ids, viewerId, embedding(req));
  });

  /** GET /api/v1/accounts/:id/following — empty when hidden (hide_follows), except for the owner. */
  router.get('/api/v1/accounts/:id/following', readAccounts, async (req, res) => {
    const account = await requireTarget(deps.db, validate(idParam, req).id);
    const viewerId = req.auth?.accountId ?? null;
    const hidden = account.hideFollows && viewerId !== account.id;
    const ids = hidden ? [] : await followingIdsPage(deps.db, account.id, parsePage(req));
    await sendAccountPage(deps, req, res, ids, viewerId, embedding(req));
  });

  /** GET /api/v1/blocks — newest account first, paginated by account id. */
  router.get('/api/v1/blocks', authenticated({ scopes: ['follow', 'read:blocks'] }), async (req, res) => {
    const viewerId = req.auth!.accountId!;
    const ids = await blockedIdsPage(deps.db, viewerId, parsePage(req));
    await sendAccountPage(deps, req, res, ids, viewerId, embedding(req));
  });

  /** GET /api/v1/mutes — mutes in force, each Account with its `mute_expires_at`. */
  router.get('/api/v1/mutes', authenticated({ scopes: ['follow', 'read:mutes'] }), async (req, res) => {
    const viewerId = req.auth!.accountId!;
    const mutes = await mutesPage(deps.db, viewerId, parsePage(req));
    const expiry = new Map(mutes.map((mute) => [mute.id, expiryTime(mute.expiresAt)]));
    const ids = mutes.map((mute) => mute.id);
    await sendAccountPage(deps, req, res, ids, viewerId, {
      ...embedding(req),
      decorate: (account) => ({ ...account, mute_expires_at: expiry.get(account.id) ?? null }),
    });
  });

  return router;
}
