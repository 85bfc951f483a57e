import type { Knex } from 'knex';
import type { RecordedEvent } from '../../eventstore/eventStore.js';
import { ACCOUNTS_PROJECTOR, accountsProjector } from '../accounts/projector.js';
import type { ProjectionWatch } from '../waiter.js';
import { OAUTH_PROJECTOR, oauthProjector } from './projector.js';
import { findActiveTokenWithAccount } from './queries.js';

export type ActiveToken = NonNullable<Awaited<ReturnType<typeof findActiveTokenWithAccount>>>;

/** The per-request lookup: by the token's hash, at `now`. */
export type TokenLookup = (db: Knex, tokenHash: string, now: Date) => Promise<ActiveToken | undefined>;

/** Bounds the memory: a cache this full starts again empty. */
const MAX_ENTRIES = 10_000;

/**
 * Events that cannot make a cached answer wrong: they only add apps, codes, tokens or accounts, and the cache
 * holds only tokens it found. Every other event of the two read models the lookup reads empties it.
 */
const ADDITIVE = new Set(['AppRegistered', 'AuthorizationCodeIssued', 'TokenIssued', 'AccountRegistered']);
const INVALIDATING = new Set<string>(
  [...oauthProjector.handles, ...accountsProjector.handles].filter((type) => !ADDITIVE.has(type)),
);

/**
 * The authentication lookup of every request, kept in memory: the read models it reads (tokens, and the
 * token's account) change rarely, and the lookup was one of the three round trips of a timeline page.
 *
 * Never stale past the read models of this process: an event that could change an answer (a revocation, a
 * refresh, any change to an account but its registration) empties the cache when this process's subscription
 * reports it, before the projectors apply it. An answer is not kept if it was read while such an event was
 * still unapplied, or was reported, or before the projectors caught up with the log as it was when the engine
 * started (those events are never reported). Expiry is checked on every hit. A process that did not append
 * the event learns of it as its read models do, when its subscription reports it. One exception: after the
 * subscription fails, a projector may read and apply an event from the store up to a second before the
 * resubscription reports it (fanOut.ts), and a kept answer outlives the read model's change that long.
 */
export function cachedTokenLookup(projections: ProjectionWatch): TokenLookup {
  const entries = new Map<string, ActiveToken>();
  /** The position of the last invalidating event reported. */
  let invalidatedAt = -1n;
  projections.watch((event: RecordedEvent) => {
    if (!INVALIDATING.has(event.type)) return;
    entries.clear();
    invalidatedAt = event.position;
  });
  /** Whether this process's read models show every event that could change an answer, up to `position`. */
  const settled = (position: bigint) => {
    const watchedAfter = projections.watchedAfter();
    if (watchedAfter === undefined) return false;
    const upTo = watchedAfter > position ? watchedAfter : position;
    return projections.position(OAUTH_PROJECTOR) >= upTo && projections.position(ACCOUNTS_PROJECTOR) >= upTo;
  };

  return async (db, tokenHash, now) => {
    const hit = entries.get(tokenHash);
    if (hit && hit.token.validUntil > now) return hit;
    entries.delete(tokenHash);
    const reported = invalidatedAt;
    const keep = settled(reported);
    const found = await findActiveTokenWithAccount(db, tokenHash, now);
    if (found && keep && invalidatedAt === reported) {
      if (entries.size >= MAX_ENTRIES) entries.clear();
      entries.set(tokenHash, found);
    }
    return found;
  };
}

/** The cached lookup where the projections can be watched (the engine), else the query itself. */
export function tokenLookupFor(projections: Partial<ProjectionWatch>): TokenLookup {
  return watchable(projections) ? cachedTokenLookup(projections) : findActiveTokenWithAccount;
}

const watchable = (projections: Partial<ProjectionWatch>): projections is ProjectionWatch =>
  typeof projections.watch === 'function' &&
  typeof projections.position === 'function' &&
  typeof projections.watchedAfter === 'function';
