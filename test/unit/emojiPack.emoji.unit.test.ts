import { describe, it } from 'vitest';
import {
  type EmojiPackCommand,
  type EmojiPackEvent,
  emojiPackDecider,
} from '../../src/domain/emojiPack/index.js';
import { type DeciderCase, runCase } from '../helpers/decider.js';
import { onDisk, png } from '../helpers/emojiPackDecider.js';

// Adding, renaming and removing a pack's emoji; the packs themselves are in emojiPack.decider.unit.test.ts.
const cases: DeciderCase<EmojiPackCommand, EmojiPackEvent>[] = [
  {
    name: 'an emoji is added with its file’s hash and size',
    given: [],
    when: {
      type: 'AddEmoji',
      pack: 'p',
      onDisk,
      emoji: [{ shortcode: 'x', filename: 'x.png', ...png }],
      taken: [],
    },
    expected: [{ type: 'EmojiAdded', data: { pack: 'p', shortcode: 'x', filename: 'x.png', ...png } }],
  },
  {
    name: 'adding to a missing pack is 404 in the files wording, before anything else',
    given: [],
    when: {
      type: 'AddEmoji',
      pack: 'p',
      onDisk: null,
      emoji: [{ shortcode: '', filename: '', ...png }],
      taken: [],
    },
    error: { status: 404, message: 'pack "p" is not found' },
  },
  {
    name: 'a blank shortcode is 422',
    given: [],
    when: {
      type: 'AddEmoji',
      pack: 'p',
      onDisk,
      emoji: [{ shortcode: ' ', filename: 'x.png', ...png }],
      taken: [],
    },
    error: { status: 422, message: 'pack name, shortcode or filename cannot be empty' },
  },
  {
    name: 'a blank filename is 422 even when the shortcode is taken',
    given: [],
    when: {
      type: 'AddEmoji',
      pack: 'p',
      onDisk,
      emoji: [{ shortcode: 'blob', filename: '', ...png }],
      taken: ['blob'],
    },
    error: { status: 422 },
  },
  {
    name: 'a shortcode some pack has is 409',
    given: [],
    when: {
      type: 'AddEmoji',
      pack: 'p',
      onDisk,
      emoji: [{ shortcode: 'blob', filename: 'b.png', ...png }],
      taken: ['blob'],
    },
    error: { status: 409, message: 'An emoji with the "blob" shortcode already exists' },
  },
  {
    name: 'a zip with nothing new adds nothing',
    given: [],
    when: { type: 'AddEmoji', pack: 'p', onDisk, emoji: [], taken: [] },
    expected: [],
  },
  ...renameCases(),
  {
    name: 'removing from a missing pack is 404 even with a blank shortcode',
    given: [],
    when: { type: 'RemoveEmoji', pack: 'p', onDisk: null, shortcode: '' },
    error: { status: 404, message: 'pack "p" is not found' },
  },
  {
    name: 'removing a blank shortcode is 422',
    given: [],
    when: { type: 'RemoveEmoji', pack: 'p', onDisk, shortcode: '' },
    error: { status: 422, message: 'pack name or shortcode cannot be empty' },
  },
  {
    name: 'removing an unknown shortcode is 400',
    given: [],
    when: { type: 'RemoveEmoji', pack: 'p', onDisk, shortcode: 'nope' },
    error: { status: 400, message: 'Emoji "nope" does not exist' },
  },
  {
    name: 'an emoji is removed with the file it had',
    given: [],
    when: { type: 'RemoveEmoji', pack: 'p', onDisk, shortcode: 'cat' },
    expected: [{ type: 'EmojiRemoved', data: { pack: 'p', shortcode: 'cat', filename: 'cats/cat.png' } }],
  },
];

function renameCases(): DeciderCase<EmojiPackCommand, EmojiPackEvent>[] {
  const rename = {
    type: 'RenameEmoji',
    pack: 'p',
    onDisk,
    shortcode: 'blob',
    newShortcode: 'blob2',
    newFilename: 'sub/blob2.png',
    force: false,
    newShortcodeTaken: false,
    fileExists: true,
  } as const;
  return [
    {
      name: 'an emoji gets a new shortcode and file',
      given: [],
      when: rename,
      expected: [
        {
          type: 'EmojiRenamed',
          data: {
            pack: 'p',
            shortcode: 'blob',
            newShortcode: 'blob2',
            filename: 'blob.png',
            newFilename: 'sub/blob2.png',
          },
        },
      ],
    },
    {
      name: 'renaming in a missing pack is 404',
      given: [],
      when: { ...rename, onDisk: null },
      error: { status: 404, message: 'pack "p" is not found' },
    },
    {
      name: 'a blank new shortcode is 422',
      given: [],
      when: { ...rename, newShortcode: '' },
      error: { status: 422, message: 'new_shortcode or new_filename cannot be empty' },
    },
    {
      name: 'an unknown shortcode is 400',
      given: [],
      when: { ...rename, shortcode: 'nope' },
      error: { status: 400, message: 'Emoji "nope" does not exist' },
    },
    {
      name: 'a shortcode whose file is gone from disk is 400',
      given: [],
      when: { ...rename, fileExists: false },
      error: { status: 400, message: 'Emoji "blob" does not exist' },
    },
    {
      name: 'a used new shortcode is 409 without force',
      given: [],
      when: { ...rename, newShortcodeTaken: true },
      error: {
        status: 409,
        message: `New shortcode "blob2" is already used. If you want to override emoji use 'force' option`,
      },
    },
    {
      name: 'with force a used shortcode is taken over',
      given: [],
      when: { ...rename, newShortcodeTaken: true, force: true },
      expected: [
        {
          type: 'EmojiRenamed',
          data: {
            pack: 'p',
            shortcode: 'blob',
            newShortcode: 'blob2',
            filename: 'blob.png',
            newFilename: 'sub/blob2.png',
          },
        },
      ],
    },
    {
      name: 'renaming to the same shortcode and file appends nothing',
      given: [],
      when: {
        ...rename,
        newShortcode: 'blob',
        newFilename: 'blob.png',
        newShortcodeTaken: true,
        force: true,
      },
      expected: [],
    },
  ];
}

describe('the emoji pack decider', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, testCase) =>
    runCase(emojiPackDecider, testCase),
  );
});
