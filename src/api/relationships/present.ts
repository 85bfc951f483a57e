import type { Request, Response } from 'express';
import { endorsedAmong } from '../../projections/endorsements/queries.js';
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
  const [records, endorsed] = await Promise.all([
    relationshipsOf(deps.db, viewerId, targetIds),
    endorsedAmong(deps.db, viewerId, targetIds),
  ]);
  return targetIds.map((id) => renderRelationship(id, records.get(id) ?? NO_RELATIONSHIP, endorsed.has(id)));
}

export async function presentRelationship(deps: Pick<AppDeps, 'db'>, viewerId: string, targetId: string) {
  const [relationship] = await presentRelationships(deps, viewerId, [targetId]);
  return relationship!;
}

/**
 * Pleroma's `with_relationships` (embed_relationships?): the viewer's Relationship with each account, to embed as
 * `pleroma.relationship`. None for an anonymous viewer (Pleroma renders `{}` for them) or when not asked.
 */
export async function embeddedRelationships(
  deps: Pick<AppDeps, 'db'>,
  viewerId: string | null,
  accountIds: readonly string[],
  asked: boolean,
): Promise<Map<string, Relationship>> {
  if (!asked || viewerId === null || accountIds.length === 0) return new Map();
  const relationships = await presentRelationships(deps, viewerId, accountIds);
  return new Map(relationships.map((relationship) => [relationship.id, relationship]));
}

/** The account with its Relationship embedded, when there is one. */
export const withRelationship = (account: Account, relationship: Relationship | undefined): Account =>
  relationship ? { ...account, pleroma: { ...account.pleroma, relationship: { ...relationship } } } : account;

export interface AccountPageOptions {
  /** Per-list fields (a mute's expiry). */
  decorate?: (account: Account) => Account;
  /** Embed each account's Relationship with the viewer (`with_relationships`). */
  withRelationships?: boolean;
}

/** Answers a page of account ids as Accounts, newest first, with Link headers built from the page's ids. */
export async function sendAccountPage(
  deps: PresentDeps,
  req: Request,
  res: Response,
  ids: readonly string[],
  viewerId: string | null,
  { decorate = (account) => account, withRelationships = false }: AccountPageOptions = {},
): Promise<void> {
  // Issued together, the two reads share one round trip (db/jsonBatch.ts).
  const [accounts, relationships] = await Promise.all([
    presentAccounts(deps, ids, viewerId),
    embeddedRelationships(deps, viewerId, ids, withRelationships),
  ]);
  setLinkHeader(
    res,
    req,
    deps.config,
    ids.map((id) => ({ id })),
  );
  res.json(
    ids.flatMap((id) => {
      const account = accounts.get(id);
      return account ? [withRelationship(decorate(account), relationships.get(id))] : [];
    }),
  );
}
