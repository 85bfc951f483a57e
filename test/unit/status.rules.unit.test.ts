import { describe, expect, it } from 'vitest';
import { conversationId, crc32, graphemeLength, isVisibleTo } from '../../src/domain/status/index.js';

// The status domain's rules beside its decider (status.decider.unit.test.ts): the character count, who sees
// a status, and the conversation id.
describe('graphemeLength (walked in windows: segmenting a long text at once took seconds)', () => {
  const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  const whole = (text: string) => [...segmenter.segment(text)].length;
  const pieces = [
    'x',
    'e\u0301',
    '👍🏽',
    '👨‍👩‍👧‍👦',
    '🇫🇷',
    '🇩',
    '\r\n',
    'क्षि',
    '한',
    '\u200d',
    '\ud83d',
    '🏽',
  ];

  it('counts as segmenting the whole text would, whatever straddles a window’s edge', () => {
    for (const piece of pieces) {
      for (let offset = 0; offset < 12; offset += 1) {
        const text = `${'y'.repeat(250 + offset)}${piece.repeat(40)}y${'🇫🇷'.repeat(300)}${piece.repeat(200)}`;
        expect([piece, offset, graphemeLength(text)]).toEqual([piece, offset, whole(text)]);
      }
    }
  });

  it('takes a grapheme wider than a window (a letter with a thousand combining marks) as one', () => {
    const zalgo = `a${'\u0301'.repeat(1000)}`;
    expect(graphemeLength(`${zalgo}b${zalgo}`)).toBe(3);
  });

  it('stops counting once past the limit it is asked about', () => {
    const count = graphemeLength('x'.repeat(1_000_000), 5000);
    expect(count).toBeGreaterThan(5000);
    expect(count).toBeLessThan(6000);
    expect(graphemeLength('x'.repeat(5000), 5000)).toBe(5000);
  });
});

describe('visibility rule', () => {
  const status = (visibility: 'public' | 'unlisted' | 'private' | 'direct') => ({
    accountId: 'alice',
    visibility,
    mentions: [{ accountId: 'bob' }],
  });
  const table = {
    public: [true, true, true, true],
    unlisted: [true, true, true, true],
    private: [true, true, false, false],
    direct: [true, true, false, false],
  } as const;
  for (const [visibility, expected] of Object.entries(table)) {
    it(`${visibility}: author, mentioned, stranger, anonymous`, () => {
      const s = status(visibility as keyof typeof table);
      expect([
        isVisibleTo(s, 'alice'),
        isVisibleTo(s, 'bob'),
        isVisibleTo(s, 'carol'),
        isVisibleTo(s, null),
      ]).toEqual(expected);
    });
  }
  it('private statuses are for followers too', () => {
    expect(isVisibleTo(status('private'), 'carol', { followsAuthor: true })).toBe(true);
    expect(isVisibleTo(status('direct'), 'carol', { followsAuthor: true })).toBe(false);
  });
});

describe('conversation id', () => {
  it('is the CRC-32 of the context masked to 31 bits', () => {
    expect(crc32('The quick brown fox jumps over the lazy dog')).toBe(0x414fa339);
    expect(conversationId('The quick brown fox jumps over the lazy dog')).toBe(0x414fa339 & 0x7fffffff);
    expect(conversationId('x')).toBeLessThanOrEqual(0x7fffffff);
  });
});
