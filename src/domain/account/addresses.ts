/** The ActivityPub id of a local actor: what `also_known_as` and `pleroma.ap_id` hold. */
export const actorUrl = (config: { PUBLIC_URL: string }, nickname: string) =>
  `${config.PUBLIC_URL}/users/${nickname}`;

/**
 * `acct` as a local nickname, like Pleroma's User.get_by_nickname: a leading `@` and this instance's own
 * domain are dropped; another domain stays (and so names no local account).
 */
export function localNickname(acct: string, localDomain: string): string {
  const name = acct.replace(/^@/, '');
  const at = name.indexOf('@');
  return at >= 0 && name.slice(at + 1).toLowerCase() === localDomain.toLowerCase() ? name.slice(0, at) : name;
}

/** Pleroma's "full nickname": stored nicknames with a domain stay as they are, local ones get ours. */
export const fullNickname = (nickname: string, localDomain: string) =>
  nickname.includes('@') ? nickname : `${nickname}@${localDomain}`;
