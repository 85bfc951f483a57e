const DATA_URI = /^data:image\/[\w.+-]+(?:;[\w.+-]+=[\w.+-]+)*;base64,([A-Za-z0-9+/\s]*={0,2})$/;

/**
 * The historical `img` parameter of update_avatar/update_background (§5.4) may be a data URI,
 * `data:image/<type>;base64,<data>`. Answers its bytes, or undefined when the value is no such URI. The
 * declared type is ignored: what the bytes are is decided by inspecting them.
 */
export function decodeImageDataUri(value: string): Buffer | undefined {
  const match = DATA_URI.exec(value);
  return match ? Buffer.from(match[1]!.replace(/\s+/g, ''), 'base64') : undefined;
}

/** Longest data URI worth decoding for a file of at most `bytes` bytes (base64 is 4/3 larger, plus a header). */
export const dataUriLength = (bytes: number) => Math.ceil(bytes / 3) * 4 + 256;
