/**
 * The file types Annals keeps as what they are, keyed by the extension file-type reports for the bytes. Each
 * names the extension stored files get and the Content-Type they are served with. Anything else — SVG, HTML,
 * XML, PDF, archives, text — is kept as `application/octet-stream` (type "unknown") and served as a download,
 * so no upload can run script in a browser on this origin.
 */
export type MediaKind = 'image' | 'video' | 'audio' | 'unknown';

export interface MediaType {
  ext: string;
  mime: string;
  kind: MediaKind;
}

const image = (ext: string, mime: string): MediaType => ({ ext, mime, kind: 'image' });
const video = (ext: string, mime: string): MediaType => ({ ext, mime, kind: 'video' });
const audio = (ext: string, mime: string): MediaType => ({ ext, mime, kind: 'audio' });

/** file-type's extension → what is kept. Raster images only: every one must also yield its dimensions. */
const KNOWN: Record<string, MediaType> = {
  png: image('png', 'image/png'),
  apng: image('png', 'image/png'),
  jpg: image('jpg', 'image/jpeg'),
  gif: image('gif', 'image/gif'),
  webp: image('webp', 'image/webp'),
  avif: image('avif', 'image/avif'),
  heic: image('heic', 'image/heic'),
  heif: image('heif', 'image/heif'),
  bmp: image('bmp', 'image/bmp'),
  tif: image('tif', 'image/tiff'),
  jxl: image('jxl', 'image/jxl'),
  mp4: video('mp4', 'video/mp4'),
  m4v: video('m4v', 'video/x-m4v'),
  mov: video('mov', 'video/quicktime'),
  webm: video('webm', 'video/webm'),
  mkv: video('mkv', 'video/x-matroska'),
  ogv: video('ogv', 'video/ogg'),
  '3gp': video('3gp', 'video/3gpp'),
  mp3: audio('mp3', 'audio/mpeg'),
  ogg: audio('ogg', 'audio/ogg'),
  oga: audio('oga', 'audio/ogg'),
  opus: audio('opus', 'audio/ogg'),
  flac: audio('flac', 'audio/flac'),
  wav: audio('wav', 'audio/wav'),
  m4a: audio('m4a', 'audio/mp4'),
  aac: audio('aac', 'audio/aac'),
};

export const OTHER: MediaType = { ext: 'bin', mime: 'application/octet-stream', kind: 'unknown' };

/** What is kept for a file file-type named `ext` (undefined: it could not tell). */
export function mediaTypeOf(ext: string | undefined): MediaType {
  return (ext !== undefined && Object.hasOwn(KNOWN, ext) ? KNOWN[ext] : undefined) ?? OTHER;
}

const BY_STORED_EXT = new Map(Object.values(KNOWN).map((type) => [type.ext, type]));

/** The type a stored file is served as, from its key's extension (which the uploader chose from its bytes). */
export function mediaTypeOfKey(key: string): MediaType {
  const dot = key.lastIndexOf('.');
  return (dot >= 0 ? BY_STORED_EXT.get(key.slice(dot + 1)) : undefined) ?? OTHER;
}

export const contentTypeOfKey = (key: string): string => mediaTypeOfKey(key).mime;

/** §12.5: the Attachment `type` from a MIME type, as Pleroma's StatusView decides it. */
export function attachmentType(mime: string): MediaKind {
  if (mime.includes('image')) return 'image';
  if (mime.includes('video')) return 'video';
  if (mime.includes('audio')) return 'audio';
  return 'unknown';
}
