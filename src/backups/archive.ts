import { Readable } from 'node:stream';
import { ZipFile } from 'yazl';
import { orderedCollection } from './collection.js';

/** The contents of a backup (§10): the actor document and the items of each collection, as they are read. */
export interface BackupParts {
  actor: Record<string, unknown>;
  outbox: AsyncIterable<unknown>;
  likes: AsyncIterable<unknown>;
  bookmarks: AsyncIterable<unknown>;
  followers: AsyncIterable<unknown>;
  following: AsyncIterable<unknown>;
}

const COLLECTIONS = ['outbox', 'likes', 'bookmarks', 'followers', 'following'] as const;

/**
 * The backup zip as a stream: actor.json, then each collection file, deflated. yazl asks for an entry's
 * stream only when it gets to that entry and reads it as the output is read, so the collections are read
 * from their sources one after the other, under back-pressure from whoever consumes the zip: memory stays
 * the same whatever their size. A failing source fails the output stream.
 */
export function backupArchive(parts: BackupParts, mtime: Date): Readable {
  const zip = new ZipFile();
  const output = zip.outputStream as Readable;
  zip.on('error', (error: Error) => output.destroy(error));
  const opened: Readable[] = [];
  // Destroyed before its end (the consumer failed, or timed out): the collection being read stops reading.
  output.once('close', () => {
    for (const stream of opened) stream.destroy();
  });
  zip.addBuffer(Buffer.from(JSON.stringify(parts.actor)), 'actor.json', { mtime });
  for (const name of COLLECTIONS) {
    zip.addReadStreamLazy(`${name}.json`, { mtime }, (callback) => {
      const stream = Readable.from(orderedCollection(name, parts[name]), { objectMode: false });
      opened.push(stream);
      callback(null, stream);
    });
  }
  zip.end();
  return output;
}
