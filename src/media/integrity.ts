import { crc32 } from 'node:zlib';

/**
 * Structural checks of the common image formats, walked to their end without decoding pixels: a file cut
 * short, or a valid header followed by garbage, is refused here rather than stored and shown broken. Formats
 * not listed are only checked by reading their dimensions.
 */

function wholePng(b: Buffer): boolean {
  let offset = 8;
  let chunks = 0;
  let data = false;
  while (offset + 12 <= b.length) {
    const length = b.readUInt32BE(offset);
    const end = offset + 12 + length;
    if (end > b.length) return false;
    const type = b.toString('latin1', offset + 4, offset + 8);
    if (chunks === 0 && type !== 'IHDR') return false;
    if (crc32(b.subarray(offset + 4, offset + 8 + length)) !== b.readUInt32BE(offset + 8 + length))
      return false;
    chunks += 1;
    if (type === 'IDAT') data = true;
    if (type === 'IEND') return data;
    offset = end;
  }
  return false;
}

/** Data sub-blocks end with an empty one; answers the offset after it, or -1 when the file ends first. */
function skipSubBlocks(b: Buffer, offset: number): number {
  let o = offset;
  while (o < b.length) {
    const size = b[o]!;
    o += 1 + size;
    if (size === 0) return o;
  }
  return -1;
}

const colorTableSize = (packed: number) => (packed & 0x80 ? 3 * (1 << ((packed & 0x07) + 1)) : 0);

function wholeGif(b: Buffer): boolean {
  if (b.length < 13) return false;
  let o = 13 + colorTableSize(b[10]!);
  let images = 0;
  while (o >= 0 && o < b.length) {
    const block = b[o]!;
    if (block === 0x3b) return images > 0; // trailer
    if (block === 0x21) {
      o = skipSubBlocks(b, o + 2); // extension: introducer, label, sub-blocks
    } else if (block === 0x2c) {
      if (o + 10 > b.length) return false;
      o = skipSubBlocks(b, o + 10 + colorTableSize(b[o + 9]!) + 1); // descriptor, local table, LZW size
      images += 1;
    } else {
      return false;
    }
  }
  return false;
}

/** Segments up to the first scan, then an end-of-image marker somewhere after it. */
function wholeJpeg(b: Buffer): boolean {
  let o = 2;
  while (o + 4 <= b.length) {
    if (b[o] !== 0xff) return false;
    const marker = b[o + 1]!;
    if (marker === 0xff) {
      o += 1; // fill byte
      continue;
    }
    const length = b.readUInt16BE(o + 2);
    if (length < 2) return false;
    if (marker === 0xda) return b.lastIndexOf(Buffer.from([0xff, 0xd9])) > o + 2 + length;
    o += 2 + length;
  }
  return false;
}

function wholeWebp(b: Buffer): boolean {
  return b.length >= 12 && b.readUInt32LE(4) + 8 <= b.length;
}

const CHECKS: Record<string, (bytes: Buffer) => boolean> = {
  png: wholePng,
  gif: wholeGif,
  jpg: wholeJpeg,
  webp: wholeWebp,
};

/** False when the bytes of an image of this stored extension are cut short or damaged. */
export function isWholeImage(ext: string, bytes: Uint8Array): boolean {
  const check = CHECKS[ext];
  return check ? check(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)) : true;
}
