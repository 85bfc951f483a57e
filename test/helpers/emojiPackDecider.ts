import type { PackOnDisk } from '../../src/domain/emojiPack/index.js';

/** Pack p as the use cases find it on disk: two emoji, one in a subfolder, and a license. */
export const onDisk: PackOnDisk = {
  files: { blob: 'blob.png', cat: 'cats/cat.png' },
  metadata: { license: 'CC0' },
};
/** An uploaded file's hash and size, as the use case measures them. */
export const png = { sha256: 'ab', size: 10 };
