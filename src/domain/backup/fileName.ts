/** Calendar.NaiveDateTime.Format.iso8601_basic without fractions: `20240501T100000`. */
const basicTime = (time: Date) => time.toISOString().slice(0, 19).replace(/[-:]/g, '');

/**
 * Pleroma's Backup.new file name: `archive-<nickname>-<YYYYMMDDTHHMMSS>-<random>.zip`, `random` being 32 random
 * bytes in unpadded url-safe base64 (43 characters), given by the caller (the domain has no randomness).
 */
export function backupFileName(nickname: string, time: Date, random: Uint8Array): string {
  return `archive-${nickname}-${basicTime(time)}-${Buffer.from(random).toString('base64url')}.zip`;
}
