import { Router } from 'express';
import { z } from 'zod';
import { recordListen } from '../../commands/scrobbles/record.js';
import { localNickname } from '../../domain/account/addresses.js';
import { notFound } from '../../domain/shared/errors.js';
import { findAccountByIdOrNickname } from '../../projections/accounts/queries.js';
import { accountListens, type ListenRecord } from '../../projections/scrobbles/queries.js';
import { presentAccounts } from '../accounts/present.js';
import type { AppDeps } from '../deps.js';
import { authenticated, publicOrAuthenticated } from '../http/auth.js';
import { commandContext } from '../http/commandContext.js';
import { parsePage, setLinkHeader } from '../http/pagination.js';
import { validate } from '../http/validate.js';
import { renderScrobble } from '../views/scrobble.js';

/** A JSON null reads as absent, as Pleroma drops nil params. */
const text = z
  .string()
  .nullish()
  .transform((value) => value ?? undefined);

/**
 * §8.1's body: `title` required; `length` an integer (forms send it as a string). The link is Pleroma's
 * `external_link`, or `externalLink`, its deprecated name, when that is absent (ScrobbleController.create).
 */
const scrobbleSchema = z
  .object({
    title: z.string(),
    album: text,
    artist: text,
    length: z.coerce.number().int().nonnegative().optional(),
    external_link: text,
    externalLink: text,
    visibility: z.enum(['public', 'unlisted', 'private', 'direct']).optional(),
  })
  .transform(({ external_link, externalLink, ...listen }) => ({
    ...listen,
    externalLink: external_link || externalLink,
  }));

const accountIdSchema = z.object({ id: z.string() });

/** §8 scrobbles, Pleroma's `Listen` activities. */
export function scrobbleRoutes(deps: AppDeps): Router {
  const router = Router();
  const present = async (listens: ListenRecord[], viewerId: string | null) => {
    const accounts = await presentAccounts(deps, [...new Set(listens.map((l) => l.accountId))], viewerId);
    return listens.flatMap((listen) => {
      const account = accounts.get(listen.accountId);
      return account ? [renderScrobble(listen, account)] : [];
    });
  };

  /** POST /api/v1/pleroma/scrobble — records a listen; answers the scrobble entity. */
  router.post(
    '/api/v1/pleroma/scrobble',
    authenticated({ scopes: ['write', 'write:scrobbles'] }),
    async (req, res) => {
      const accountId = req.auth!.accountId!;
      const listen = await recordListen(
        deps,
        accountId,
        validate(scrobbleSchema, req),
        commandContext(req, deps),
      );
      const [scrobble] = await present([listen], accountId);
      res.json(scrobble);
    },
  );

  /** GET /api/v1/pleroma/accounts/:id/scrobbles — by id or nickname, newest first, paginated with Link. */
  router.get(
    '/api/v1/pleroma/accounts/:id/scrobbles',
    publicOrAuthenticated({ scopes: ['read', 'read:scrobbles'], fallbackToAnonymous: true }),
    async (req, res) => {
      const viewerId = req.auth?.accountId ?? null;
      const { id } = validate(accountIdSchema, req);
      const page = parsePage(req);
      const account = await findAccountByIdOrNickname(deps.db, localNickname(id, deps.config.LOCAL_DOMAIN));
      if (!account?.isActive) throw notFound();
      const listens = await accountListens(deps.db, account.id, viewerId, page);
      setLinkHeader(res, req, deps.config, listens);
      res.json(await present(listens, viewerId));
    },
  );

  return router;
}
