/**
 * KurrentDB positions are pairs: the commit position is shared by every event of one append (one commit),
 * the prepare position is each event's own record in the log. A checkpoint of the commit alone cannot say
 * how far into a multi-event commit a reader got: resuming "after commit C" would skip the rest of C,
 * resuming "from C" would repeat its start. So the port's single bigint keeps both:
 *
 *   position = commit << 24 | (prepare - commit + 2^23)
 *
 * which orders exactly like (commit, prepare), the order of $all. A reader decodes it, reads $all from that
 * exact pair and drops the event at (and before) it, so `after` is neither skipped nor repeated.
 * Limits: prepare - commit within ±8 MiB (an append is at most a few MiB) and a log below 512 GiB; outside
 * them we throw rather than hand out a position that would sort wrongly.
 */
export interface KurrentPosition {
  commit: bigint;
  prepare: bigint;
}

const DELTA_BITS = 24n;
const DELTA_OFFSET = 1n << (DELTA_BITS - 1n);
const DELTA_MASK = (1n << DELTA_BITS) - 1n;
const MAX_COMMIT = (1n << (63n - DELTA_BITS)) - 1n;

export function encodePosition({ commit, prepare }: KurrentPosition): bigint {
  const delta = prepare - commit + DELTA_OFFSET;
  if (commit < 0n || commit > MAX_COMMIT || delta < 0n || delta > DELTA_MASK) {
    throw new RangeError(
      `KurrentDB position (${commit}, ${prepare}) does not fit the event store's positions`,
    );
  }
  return (commit << DELTA_BITS) | delta;
}

export function decodePosition(position: bigint): KurrentPosition {
  const commit = position >> DELTA_BITS;
  return { commit, prepare: commit + (position & DELTA_MASK) - DELTA_OFFSET };
}
