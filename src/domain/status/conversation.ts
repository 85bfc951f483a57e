/** A new thread's ActivityPub context, as Pleroma mints them (`Utils.generate_context_id`). */
export const contextUri = (publicUrl: string, uuid: string) => `${publicUrl}/contexts/${uuid}`;

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 (IEEE), as Erlang's :erlang.crc32; zlib.crc32 needs Node ≥ 20.15. */
export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (const byte of Buffer.from(text, 'utf8')) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** `pleroma.conversation_id`: the CRC32 of the context, masked to 31 bits (deprecated but still sent). */
export const conversationId = (context: string) => crc32(context) & 0x7fffffff;
