import type { Request, Response } from 'express';
import { NO_RELATIONSHIP, relationshipsOf } from '../../projections/relationships/queries.js';
import { type PresentDeps, presentAccounts } from '../accounts/present.js';
import type { AppDeps } from '../deps.js';
import type { Account } from '../entities/account.js';
import type { Relationship } from '../entities/relationship.js';
import { setLinkHeader } from '../http/pagination.js';
import { renderRelationship } from '../views/relationship.js';

/** The viewer's Relationship with each account, in the order asked. */
export async function presentRelationships(
  deps: Pick<AppDeps, 'db'>,
  viewerId: string,
  targetIds: readonly string[],
): Promise<Relationship[]> {
  const records = await relationshipsOf(deps.db, viewerId, targetIds);
  return targetIds.map((id) => renderRelationship(id, records.get(id) ?? NO_RELATIONSHIP));
}

export async function presentRelationship(deps: Pick<AppDeps, 'db'>, viewerId: string, targetId: string) {
  const [relationship] = await presentRelationships(deps, viewerId, [targetId]);
  return relationship!;
}

/**
 * Answers a page of account ids as Accounts, newest first, with Link headers built from the page's ids (so a
 * page whose accounts are hidden, deactivated ones, still leads on). `decorate` adds per-list fields.
 */
export async function sendAccountPage(
  deps: PresentDeps,
  req: Request,
  res: Response,
  ids: readonly string[],
  viewerId: string | null,
  decorate: (account: Account) => Account = (account) => account,
): Promise<void> {
  const accounts = await presentAccounts(deps, ids, viewerId);
  setLinkHeader(
    res,
    req,
    deps.config,
    ids.map((id) => ({ id })),
  );
  res.json(
    ids.flatMap((id) => {
      const account = accounts.get(id);
      return account ? [decorate(account)] : [];
    }),
  );
}
