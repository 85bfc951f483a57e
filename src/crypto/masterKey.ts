import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const HEX_KEY = /^[0-9a-fA-F]{64}$/;

/**
 * The master key: MASTER_KEY (64 hex) when configured, else `DATA_DIR/master.key`, generated on first use
 * with mode 0600. The exclusive create makes two processes starting together agree on one key.
 */
export async function loadMasterKey(config: {
  MASTER_KEY?: string | undefined;
  DATA_DIR: string;
}): Promise<Buffer> {
  if (config.MASTER_KEY) return Buffer.from(config.MASTER_KEY, 'hex');
  const path = join(config.DATA_DIR, 'master.key');
  await mkdir(config.DATA_DIR, { recursive: true });
  try {
    await writeFile(path, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const text = (await readFile(path, 'utf8')).trim();
  if (!HEX_KEY.test(text)) throw new Error(`${path} does not hold a 64-hex-character key`);
  return Buffer.from(text, 'hex');
}
