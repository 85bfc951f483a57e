/**
 * The fixture packs' emoji (test/fixtures/emoji, which every test app loads) as a status's or an account's
 * `emojis` render them: absolute URLs on the test app's PUBLIC_URL, never in the picker.
 */
const used = (shortcode: string, path: string) => ({
  shortcode,
  url: `http://localhost:4000${path}`,
  static_url: `http://localhost:4000${path}`,
  visible_in_picker: false,
});

export const BLOBCAT = used('blobcat', '/emoji/blobs/cats/blobcat.png');
export const BLOBFOX = used('blobfox', '/emoji/blobs/blobfox.png');
export const HAPPY = used('happy', '/emoji/listed/happy.png');
