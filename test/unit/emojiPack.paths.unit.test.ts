import { describe, expect, it } from 'vitest';
import {
  emojiFilename,
  existingPackName,
  newPackName,
  safeRelativePath,
  shortcodeOf,
} from '../../src/domain/emojiPack/index.js';
import { filesFromEmojiTxt } from '../../src/emoji/packs/import.js';

describe('pack names', () => {
  it.each([
    ['blobs', 'blobs'],
    ['  blobs  ', 'blobs'],
    ['blobs.gg', 'blobs.gg'],
    ['with space', 'with space'],
    ['ünïcode', 'ünïcode'],
  ])('a new pack may be called %j (→ %j)', (raw, name) => {
    expect(newPackName(raw)).toBe(name);
  });

  it.each([
    ['', 'pack name cannot be empty', 400],
    ['   ', 'pack name cannot be empty', 400],
    [undefined, 'pack name cannot be empty', 400],
    ['..', 'Invalid pack name: ".."', 400],
    ['.', 'Invalid pack name: "."', 400],
    ['.hidden', 'Invalid pack name: ".hidden"', 400],
    ['../etc', 'Invalid pack name: "../etc"', 400],
    ['a/b', 'Invalid pack name: "a/b"', 400],
    ['/etc', 'Invalid pack name: "/etc"', 400],
    ['..\\..\\x', 'Invalid pack name: "..\\\\..\\\\x"', 400],
    ['a\u0000b', 'Invalid pack name: "a\\u0000b"', 400],
    ['x'.repeat(256), `Invalid pack name: "${'x'.repeat(256)}"`, 400],
  ])('a new pack may not be called %j', (raw, message, status) => {
    expect(() => newPackName(raw)).toThrow(expect.objectContaining({ message, status }));
  });

  it.each([
    ['blobs', 'blobs'],
    ['../blobs', 'blobs'],
    ['../../../etc/blobs', 'blobs'],
    ['/abs/blobs', 'blobs'],
    ['..\\blobs', 'blobs'],
    ['..', null],
    ['a/..', null],
    ['a/.hidden', null],
    ['blobs/', null],
  ])('an existing pack named %j is looked up as %j (§7.2: only the basename)', (raw, safe) => {
    expect(existingPackName(raw).safe).toBe(safe);
  });
});

describe('file names inside a pack', () => {
  it.each([
    ['a.png', 'a.png'],
    ['sub/dir/b.gif', 'sub/dir/b.gif'],
    ['with space.png', 'with space.png'],
  ])('%j stays inside', (raw, path) => {
    expect(safeRelativePath(raw)).toBe(path);
  });

  it.each([
    '',
    '/etc/passwd',
    '../a.png',
    'a/../../b.png',
    'a/./b.png',
    './a.png',
    'a//b.png',
    'a/',
    '.hidden.png',
    'sub/.hidden/a.png',
    'a\\..\\b.png',
    'C:\\x.png',
    'a\u0000.png',
    'a\n.png',
    `${'d/'.repeat(8)}a.png`,
  ])('%j is refused', (raw) => {
    expect(safeRelativePath(raw)).toBeNull();
  });

  it('an emoji file must have an image extension (415) and a safe path (400)', () => {
    expect(emojiFilename('x/y.webp')).toBe('x/y.webp');
    expect(() => emojiFilename('x.svg')).toThrow(expect.objectContaining({ status: 415 }));
    expect(() => emojiFilename('x.html')).toThrow(expect.objectContaining({ status: 415 }));
    expect(() => emojiFilename('../x.png')).toThrow(
      expect.objectContaining({ status: 400, message: 'Invalid filename: "../x.png"' }),
    );
  });

  it('derives the shortcode from the file name without folders or extension', () => {
    expect(shortcodeOf('sub/blob.cat.png')).toBe('blob.cat');
    expect(shortcodeOf('plain')).toBe('plain');
  });

  it('reads emoji.txt as Pleroma: relative paths, the pack’s own /emoji/ paths, unsafe lines dropped', () => {
    const text = [
      'happy, happy.png, Fun',
      'sad, /emoji/listed/sad.png',
      'other, /emoji/otherpack/x.png',
      'climb, ../../secret.png',
      'lonely',
      '',
    ].join('\n');
    expect(filesFromEmojiTxt('listed', text)).toEqual({ happy: 'happy.png', sad: 'sad.png' });
  });
});
