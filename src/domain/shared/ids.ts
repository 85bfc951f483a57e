import { createHash } from 'node:crypto';

/**
 * Mastodon-style 64-bit ids: milliseconds since the Unix epoch in the high 48 bits and a 16-bit sequence
 * below, rendered as decimal strings. They sort by creation time, so clients paginate on them, and
 * Pleroma's integer `max_id`/`min_id` parameters accept them.
 */
export class IdGenerator {
  private lastMs = 0;
  private sequence = 0;

  constructor(private readonly now: () => number = Date.now) {}

  next(): string {
    let ms = this.now();
    if (ms <= this.lastMs) {
      ms = this.lastMs;
      this.sequence += 1;
      if (this.sequence > 0xffff) {
        ms += 1; // borrow the next millisecond rather than repeat an id
        this.sequence = 0;
      }
    } else {
      // Unpredictable low bits, with room for 32k more ids in the millisecond. Two servers on one database start
      // a shared millisecond on the same id once in 32,768 (a start among 256 did once in 256).
      this.sequence = Math.floor(Math.random() * 0x8000);
    }
    this.lastMs = ms;
    return ((BigInt(ms) << 16n) | BigInt(this.sequence)).toString();
  }
}

/** The time encoded in an id made by IdGenerator. */
export function idTime(id: string): Date {
  return new Date(Number(BigInt(id) >> 16n));
}

/** The smallest id at or after a time: lets `created_at` ranges be id ranges. */
export function idAtTime(time: Date): string {
  return (BigInt(time.getTime()) << 16n).toString();
}

/**
 * A deterministic UUID (v5-shaped, SHA-1) for event number `index` of command `commandId`: the same request
 * retried yields the same event ids, which the event store recognises and does not append twice.
 */
export function eventId(commandId: string, index = 0): string {
  const bytes = createHash('sha1').update(`annals:${commandId}:${index}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
