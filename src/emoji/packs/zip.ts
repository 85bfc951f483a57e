import yauzl, { type Entry, type ZipFile } from 'yauzl';
import yazl from 'yazl';
import { DomainError } from '../../domain/shared/errors.js';

export interface ZipLimits {
  /** All wanted entries together, unpacked. */
  maxTotalBytes: number;
  maxEntries: number;
}

export const DEFAULT_MAX_ENTRIES = 5_000;

export const unreadableZip = () => new DomainError('bad_zip', 'The archive could not be read', 400);
export const unsafeZipEntry = (name: string) =>
  new DomainError(
    'unsafe_zip_entry',
    `The archive was refused: its entry ${JSON.stringify(name)} points outside the pack`,
    400,
  );
export const zipTooLarge = () =>
  new DomainError('zip_too_large', 'The archive is too large once unpacked', 413);
export const zipTooManyEntries = () =>
  new DomainError('zip_too_many_entries', 'The archive has too many files', 413);

const ZIP_MAGIC = [Buffer.from('PK\x03\x04', 'latin1'), Buffer.from('PK\x05\x06', 'latin1')];

/** Decided from the bytes, not the name or the client's content type. */
export const isZip = (bytes: Buffer) => ZIP_MAGIC.some((magic) => bytes.subarray(0, 4).equals(magic));

type EntryPath = { kind: 'file'; path: string } | { kind: 'skip' } | { kind: 'unsafe' };

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;

/** What an entry name is: a file inside, something to pass over (folders, hidden files, links), or an escape. */
function classify(entry: Entry): EntryPath {
  const name = entry.fileName;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (name.startsWith('/') || /^[a-z]:/i.test(name) || /[\\\u0000-\u001f]/.test(name))
    return { kind: 'unsafe' };
  const segments = name.split('/');
  if (segments.includes('..')) return { kind: 'unsafe' };
  if (name.endsWith('/')) return { kind: 'skip' };
  const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
  if (mode !== 0 && mode !== S_IFREG) return { kind: 'skip' }; // symbolic links and devices: never unpacked
  if (segments.some((segment) => segment === '' || segment === '.' || segment.startsWith('.'))) {
    return { kind: 'skip' }; // __MACOSX/._x, .DS_Store
  }
  return { kind: 'file', path: name };
}

function openZip(bytes: Buffer): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: true }, (error, zip) =>
      error ? reject(unreadableZip()) : resolve(zip),
    );
  });
}

function readEntry(zip: ZipFile, entry: Entry, budget: { left: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error) return reject(unreadableZip());
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        budget.left -= chunk.length;
        if (budget.left < 0) {
          stream.destroy();
          reject(zipTooLarge());
          return;
        }
        chunks.push(chunk);
      });
      stream.on('end', () => resolve(Buffer.concat(chunks)));
      stream.on('error', () => reject(unreadableZip()));
    });
  });
}

const yauzlNameError = (error: Error) =>
  /^(invalid relative path|absolute path|invalid characters)/.test(error.message);

/**
 * The regular files of a zip that `want` asks for, by path, held in memory. Refused whole (nothing is
 * returned, so nothing is written): an entry climbing out (`../`, absolute, drive letters, backslashes), more
 * entries than `maxEntries`, or wanted entries adding up to more than `maxTotalBytes` unpacked — checked on the
 * sizes the archive declares before anything is inflated, and again on the bytes as they come (a lying header
 * is caught by yauzl's size validation as well). Links, folders and hidden files are passed over.
 */
export async function readZip(
  bytes: Buffer,
  limits: ZipLimits,
  want: (path: string) => boolean = () => true,
): Promise<Map<string, Buffer>> {
  const zip = await openZip(bytes);
  if (zip.entryCount > limits.maxEntries) {
    zip.close();
    throw zipTooManyEntries();
  }
  const budget = { left: limits.maxTotalBytes };
  let declared = 0;
  const files = new Map<string, Buffer>();
  return new Promise((resolve, reject) => {
    const fail = (error: unknown) => {
      zip.close();
      reject(error instanceof DomainError ? error : unreadableZip());
    };
    zip.on('error', (error: Error) =>
      fail(yauzlNameError(error) ? unsafeZipEntry(error.message.replace(/^[^:]*: /, '')) : error),
    );
    zip.on('end', () => resolve(files));
    zip.on('entry', (entry: Entry) => {
      const kind = classify(entry);
      if (kind.kind === 'unsafe') return fail(unsafeZipEntry(entry.fileName));
      if (kind.kind === 'skip' || !want(kind.path) || files.has(kind.path)) return zip.readEntry();
      declared += entry.uncompressedSize;
      if (declared > limits.maxTotalBytes) return fail(zipTooLarge());
      readEntry(zip, entry, budget).then((data) => {
        files.set(kind.path, data);
        zip.readEntry();
      }, fail);
    });
    zip.readEntry();
  });
}

/** A fixed time for every entry: the same files make the same bytes, so an archive's SHA-256 is stable. */
const EPOCH = new Date('2000-01-01T00:00:00Z');

/** A zip of `entries`, in the order given. */
export function writeZip(entries: readonly { path: string; bytes: Buffer }[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const { path, bytes } of entries) zip.addBuffer(bytes, path, { mtime: EPOCH, mode: 0o100644 });
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}
