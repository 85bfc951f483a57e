/** Bytes gathered before they are handed on: few, large chunks for the zip, never the whole collection. */
const CHUNK_BYTES = 64 * 1024;

/**
 * One backup file as Pleroma writes it (Backup.write): an ActivityStreams OrderedCollection named
 * `<name>.json` whose items are written as they come, with `totalItems` counted on the way and put last.
 * Memory holds one chunk, whatever the number of items.
 */
export async function* orderedCollection(
  name: string,
  items: AsyncIterable<unknown>,
): AsyncGenerator<Buffer> {
  let chunk = `{
  "@context": "https://www.w3.org/ns/activitystreams",
  "id": ${JSON.stringify(`${name}.json`)},
  "type": "OrderedCollection",
  "orderedItems": [
`;
  let total = 0;
  for await (const item of items) {
    chunk += `${total === 0 ? '' : ',\n'}${JSON.stringify(item)}`;
    total += 1;
    if (chunk.length >= CHUNK_BYTES) {
      yield Buffer.from(chunk);
      chunk = '';
    }
  }
  yield Buffer.from(`${chunk}\n],\n  "totalItems": ${total}}`);
}
