import { describe, expect, it } from 'vitest';
import { eventId, IdGenerator, idAtTime, idTime } from '../../src/domain/shared/ids.js';

const UUID_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const byNumber = (a: string, b: string) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0);

describe('IdGenerator', () => {
  it('makes ids that sort by creation time', () => {
    let now = Date.parse('2024-05-01T12:00:00Z');
    const ids = new IdGenerator(() => now);
    const made: string[] = [];
    for (let step = 0; step < 50; step++) {
      made.push(ids.next(), ids.next());
      now += step % 3; // same millisecond now and then
    }
    expect([...made].sort(byNumber)).toEqual(made);
    expect(new Set(made).size).toBe(made.length);
  });

  it('never repeats an id across 100k calls, even within one millisecond', () => {
    const frozen = new IdGenerator(() => 1_700_000_000_000);
    const made = Array.from({ length: 100_000 }, () => frozen.next());
    expect(new Set(made).size).toBe(made.length);
    expect([...made].sort(byNumber)).toEqual(made);
  });

  it('keeps ids increasing when the clock steps back', () => {
    let now = 1_700_000_000_500;
    const ids = new IdGenerator(() => now);
    const first = ids.next();
    now -= 400;
    expect(BigInt(ids.next())).toBeGreaterThan(BigInt(first));
  });

  it('starts a millisecond at one of 32,768 ids, so that two servers on one database rarely meet', () => {
    const firsts = new Set(
      Array.from({ length: 2_000 }, () => new IdGenerator(() => 1_700_000_000_000).next()),
    );
    // Drawn from 256 starts there could be 256 at most; from 32,768, about 1,940.
    expect(firsts.size).toBeGreaterThan(1_500);
  });

  it('encodes the time, and idAtTime is the smallest id of that millisecond', () => {
    const time = new Date('2024-05-01T12:00:00.123Z');
    const id = new IdGenerator(() => time.getTime()).next();
    expect(idTime(id)).toEqual(time);
    expect(BigInt(idAtTime(time))).toBeLessThanOrEqual(BigInt(id));
    expect(idTime(idAtTime(time))).toEqual(time);
  });
});

describe('eventId', () => {
  it('is deterministic per command and index, and uuid-shaped', () => {
    expect(eventId('command-1', 0)).toBe(eventId('command-1', 0));
    expect(eventId('command-1')).toBe(eventId('command-1', 0));
    expect(eventId('command-1', 1)).not.toBe(eventId('command-1', 0));
    expect(eventId('command-2', 0)).not.toBe(eventId('command-1', 0));
    expect(eventId('command-1', 3)).toMatch(UUID_V5);
  });

  it('does not collide across many commands', () => {
    const made = new Set(Array.from({ length: 10_000 }, (_, i) => eventId(`command-${i}`, i % 4)));
    expect(made.size).toBe(10_000);
  });
});
