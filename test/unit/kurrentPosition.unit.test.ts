import { describe, expect, it } from 'vitest';
import { decodePosition, encodePosition } from '../../src/eventstore/kurrentPosition.js';

describe('KurrentDB positions in one bigint', () => {
  it('round-trips commit and prepare, including events deep inside a multi-event commit', () => {
    for (const position of [
      { commit: 0n, prepare: 0n },
      { commit: 4_096n, prepare: 4_096n },
      { commit: 4_096n, prepare: 4_096n + 5_000_000n },
      { commit: 9_000_000n, prepare: 8_999_000n },
      { commit: (1n << 39n) - 1n, prepare: (1n << 39n) + 100n },
    ]) {
      expect(decodePosition(encodePosition(position))).toEqual(position);
    }
  });

  it('orders like (commit, prepare), so events sharing a commit position stay distinct and in order', () => {
    const log = [
      { commit: 100n, prepare: 100n },
      { commit: 100n, prepare: 350n },
      { commit: 100n, prepare: 600n },
      { commit: 700n, prepare: 700n },
      { commit: 1_000n, prepare: 1_000n },
    ].map(encodePosition);
    expect([...log].sort((a, b) => (a < b ? -1 : 1))).toEqual(log);
    expect(new Set(log).size).toBe(log.length);
    expect(log.every((position) => position > 0n)).toBe(true);
  });

  it('refuses positions it could not order correctly', () => {
    expect(() => encodePosition({ commit: 1n << 39n, prepare: 1n << 39n })).toThrow(RangeError);
    expect(() => encodePosition({ commit: 0n, prepare: 1n << 24n })).toThrow(RangeError);
    expect(() => encodePosition({ commit: 1n << 24n, prepare: 0n })).toThrow(RangeError);
  });
});
