import { describe, expect, it } from 'vitest';
import { customEmojiIn } from '../../src/emoji/inText.js';

const paths: Record<string, string> = {
  blobfox: '/emoji/blobs/blobfox.png',
  blobcat: '/emoji/blobs/cats/blobcat.png',
  happy: '/emoji/listed/happy.png',
};
const registry = {
  get: (shortcode: string) =>
    paths[shortcode] ? { shortcode, path: paths[shortcode]!, tags: [], pack: 'p' } : undefined,
};
const find = (...texts: string[]) =>
  customEmojiIn(texts, registry, 'https://social.example').map((e) => e.shortcode);

describe('custom emoji of a status (§12.3 emojis)', () => {
  it('finds the instance emoji written :shortcode:, with their absolute URLs', () => {
    expect(customEmojiIn(['hi :blobfox:'], registry, 'https://social.example')).toEqual([
      { shortcode: 'blobfox', url: 'https://social.example/emoji/blobs/blobfox.png' },
    ]);
  });

  it('keeps each of the text and the spoiler once, sorted by shortcode as Pleroma lists them', () => {
    expect(find(':happy: :blobfox: :happy:', ':blobcat: :blobfox:')).toEqual(['blobcat', 'blobfox', 'happy']);
  });

  it('leaves out shortcodes the instance does not have, and bare or half-written names', () => {
    expect(find(':nope: blobfox :blobcat happy: ::')).toEqual([]);
  });

  it('reads adjacent shortcodes and shortcodes inside words, as Pleroma matches `:name:` anywhere', () => {
    expect(find(':happy:blobfox:', 'x:blobcat:y')).toEqual(['blobcat', 'blobfox', 'happy']);
  });
});
