import { describe, expect, it } from 'vitest';
import { parseReactionEmoji } from '../../src/domain/emoji/reactionEmoji.js';
import { fullyQualifyEmoji, isUnicodeEmoji } from '../../src/domain/emoji/unicode.js';

const cp = (...points: number[]) => String.fromCodePoint(...points);

describe('unicode emoji (§9.1)', () => {
  it.each([
    ['a face with emoji presentation', '😀', true],
    ['a fully-qualified text-default symbol', '⚠️', true],
    ['its unqualified form', '⚠', false],
    ['a skin-tone variation', '👍🏽', true],
    ['a multi-person skin-tone ZWJ sequence', '🧑🏻‍🤝‍🧑🏿', true],
    ['a flag (two regional indicators)', '🇫🇷', true],
    ['a single regional indicator letter', cp(0x1f1e6), true],
    ['the last regional indicator letter', cp(0x1f1ff), true],
    ['a subdivision tag sequence', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', true],
    ['a keycap', '#️⃣', true],
    ['a skin-tone modifier alone (a component)', '🏻', false],
    ['a hair component alone', cp(0x1f9b0), false],
    ['a selector added where none belongs', '😀\uFE0F', false],
    ['two emoji', '👍👍', false],
    ['a letter', 'x', false],
    ['punctuation', '.', false],
    ['a kana', 'ね', false],
    ['the empty string', '', false],
  ])('%s: %s → %s', (_name, text, expected) => {
    expect(isUnicodeEmoji(text)).toBe(expected);
  });
});

describe('fully qualifying emoji', () => {
  it.each([
    ['⚠ (U+26A0) gains its U+FE0F', '⚠', '⚠️'],
    ['❤ gains its U+FE0F', '❤', '❤️'],
    ['☺ gains its U+FE0F', '☺', '☺️'],
    ['an unqualified keycap', '#⃣', '#️⃣'],
    ['an unqualified ZWJ sequence', '🏳‍🌈', '🏳️‍🌈'],
    ['a minimally-qualified ZWJ sequence', '🏳️‍⚧', '🏳️‍⚧️'],
    ['a ZWJ sequence missing an inner selector', '👩‍❤‍💋‍👩', '👩‍❤️‍💋‍👩'],
    ['a fully-qualified emoji unchanged', '👍', '👍'],
    ['a skin-tone variation unchanged', '👍🏾', '👍🏾'],
    ['a regional indicator unchanged', cp(0x1f1fa), cp(0x1f1fa)],
    ['a selector in the wrong place is no emoji, unchanged', '😀\uFE0F', '😀\uFE0F'],
    ['a non-emoji string unchanged', 'blobfox', 'blobfox'],
  ])('%s', (_name, input, expected) => {
    expect(fullyQualifyEmoji(input)).toBe(expected);
  });
});

describe('reaction emoji parameter', () => {
  it.each([
    ['a unicode emoji', '👍', { kind: 'unicode', emoji: '👍' }],
    ['an unqualified one, normalised', '⚠', { kind: 'unicode', emoji: '⚠️' }],
    ['a local custom emoji with colons', ':blobfox:', { kind: 'custom', shortcode: 'blobfox', host: null }],
    ['a bare shortcode', 'blob_cat-2', { kind: 'custom', shortcode: 'blob_cat-2', host: null }],
    [
      'a remote custom emoji, its host as written',
      ':blobfox@Remote.Example:',
      { kind: 'custom', shortcode: 'blobfox', host: 'Remote.Example' },
    ],
    [
      'a half-quoted one (Pleroma strips the colons)',
      ':blobfox',
      { kind: 'custom', shortcode: 'blobfox', host: null },
    ],
    ['one quoted twice', '::blobfox::', { kind: 'custom', shortcode: 'blobfox', host: null }],
    ['a bare remote one', 'blobfox:', { kind: 'custom', shortcode: 'blobfox', host: null }],
  ])('%s', (_name, input, expected) => {
    expect(parseReactionEmoji(input)).toEqual(expected);
  });

  it.each(['.', ':', '::', ':blob fox:', ':a:b:', 'a b', ':blobfox@:', ''])('%j is no reaction', (input) => {
    expect(parseReactionEmoji(input)).toBeNull();
  });
});
