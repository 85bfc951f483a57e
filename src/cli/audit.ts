import type { Command } from 'commander';
import { isEncrypted, type KeyRing } from '../crypto/keyRing.js';
import {
  type AccountEvent,
  type AccountState,
  accountDecider,
  accountStream,
  emailStream,
  nicknameStream,
  type ReservationEvent,
  reservationDecider,
} from '../domain/account/index.js';
import { mfaStream } from '../domain/mfa/events.js';
import { fold } from '../domain/shared/decider.js';
import type { EventStore, RecordedEvent } from '../eventstore/eventStore.js';
import { type OpenContext, withContext } from './context.js';
import { accountDeps } from './user.js';

/** One line of an account's audit trail; `--json` prints exactly these fields. */
export interface AuditEntry {
  type: string;
  time: string;
  stream: string;
  revision: number;
  actor: string | null;
  data: unknown;
}

export interface AccountHistory {
  accountId: string;
  entries: AuditEntry[];
  /** The account folded from its own stream up to the cut-off. */
  state: AccountState;
}

/** Sealed values never print: "[redacted]" while the key exists, "[shredded]" once it is destroyed. */
function redact(value: unknown, marker: string): unknown {
  if (isEncrypted(value)) return marker;
  if (Array.isArray(value)) return value.map((item) => redact(item, marker));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redact(item, marker)]));
  }
  return value;
}

/** Who holds (or last claimed) a nickname, read from its reservation stream: the log, not a read model. */
async function accountIdOf(store: EventStore, nickname: string): Promise<string | undefined> {
  const claims = (await store.readStream(nicknameStream(nickname))) as unknown as (RecordedEvent &
    ReservationEvent)[];
  const state = fold(reservationDecider('Nickname'), claims);
  if (state.status === 'held') return state.accountId;
  return claims.findLast((event) => event.type === 'NicknameReserved')?.data.accountId;
}

/**
 * The account's events in log order: its account stream plus its nickname and address claims, cut at
 * `asOf` (inclusive), secrets redacted.
 */
export async function accountHistory(
  deps: { eventStore: EventStore; keys: Pick<KeyRing, 'keyStatus'> },
  nickname: string,
  asOf?: Date,
): Promise<AccountHistory | undefined> {
  const accountId = await accountIdOf(deps.eventStore, nickname);
  if (!accountId) return undefined;
  const own = await deps.eventStore.readStream(accountStream(accountId));
  if (own.length === 0) return undefined;
  // Every address the account held: at registration and through change_email.
  const emailIndexes = new Set(
    own
      .filter((event) => event.type === 'AccountRegistered' || event.type === 'EmailChanged')
      .map((event) => event.data.emailIndex as string | null)
      .filter((index): index is string => typeof index === 'string'),
  );
  const claims = [
    ...(await deps.eventStore.readStream(nicknameStream(nickname))),
    ...(await deps.eventStore.readStream(mfaStream(accountId))), // MFA history (§3): secret redacted
    ...(
      await Promise.all([...emailIndexes].map((index) => deps.eventStore.readStream(emailStream(index))))
    ).flat(),
  ].filter((event) => event.data.accountId === accountId);
  const inRange = (event: RecordedEvent) =>
    !asOf || new Date(event.metadata.time).getTime() <= asOf.getTime();
  const events = [...own, ...claims].filter(inRange).sort((a, b) => (a.position < b.position ? -1 : 1));
  const marker = (await deps.keys.keyStatus(accountId)) === 'active' ? '[redacted]' : '[shredded]';
  const entries = events.map((event) => ({
    type: event.type,
    time: event.metadata.time,
    stream: event.stream,
    revision: event.revision,
    actor: event.metadata.actor,
    data: redact(event.data, marker),
  }));
  const state = fold(accountDecider, own.filter(inRange) as unknown as AccountEvent[]);
  return { accountId, entries, state };
}

const yesNo = (value: boolean) => (value ? 'yes' : 'no');

export function formatState(state: AccountState): string[] {
  if (state.status === 'unregistered') return ['  (not registered yet)'];
  if (state.status === 'deleted')
    return [`  id: ${state.id}`, `  nickname: ${state.nickname}`, '  deleted: yes'];
  const { profile } = state;
  return [
    `  id: ${state.id}`,
    `  nickname: ${state.nickname}`,
    `  display name: ${profile.displayName ?? '(none)'}`,
    `  bio: ${JSON.stringify(profile.note)}`,
    `  admin: ${yesNo(state.admin)}`,
    `  locked: ${yesNo(profile.locked)}`,
    `  bot: ${yesNo(profile.bot)}`,
    `  discoverable: ${yesNo(profile.discoverable)}`,
    `  confirmed: ${yesNo(state.confirmed)}`,
    `  disabled: ${yesNo(state.disabled)}`,
    `  aliases: ${state.aliases.map((alias) => alias.apId).join(', ') || '(none)'}`,
    `  registered at: ${state.registeredAt}`,
  ];
}

/** The lines `annals audit history` prints. With `--json`, the state (if asked) is one more object of the same shape. */
export function formatHistory(history: AccountHistory, options: { json?: boolean; asOf?: Date }): string[] {
  if (options.json) {
    const lines = history.entries.map((entry) => JSON.stringify(entry));
    if (options.asOf) {
      const last = history.entries.findLast((entry) => entry.stream === accountStream(history.accountId));
      const state = {
        type: 'AccountState',
        time: options.asOf.toISOString(),
        stream: accountStream(history.accountId),
      };
      lines.push(
        JSON.stringify({ ...state, revision: last?.revision ?? -1, actor: null, data: history.state }),
      );
    }
    return lines;
  }
  const lines = history.entries.map(
    (e) =>
      `${e.time}  ${e.stream}@${e.revision}  ${e.type}  actor=${e.actor ?? 'system'}  ${JSON.stringify(e.data)}`,
  );
  if (options.asOf)
    lines.push('', `State as of ${options.asOf.toISOString()}:`, ...formatState(history.state));
  return lines;
}

function parseInstant(value: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`--as-of: not an ISO 8601 instant: ${value}`);
  return date;
}

export function registerAuditCommands(program: Command, open: OpenContext): void {
  const audit = program.command('audit').description('Read the event history behind the data');
  audit
    .command('history')
    .description("An account's events in order, secrets redacted; --as-of also prints its state then")
    .argument('<nickname>')
    .option('--as-of <instant>', 'keep events at or before this ISO 8601 instant', parseInstant)
    .option('--json', 'one JSON object per line: type, time, stream, revision, actor, data', false)
    .action((nickname: string, options: { asOf?: Date; json: boolean }) =>
      withContext(open, async (cli) => {
        const history = await accountHistory(await accountDeps(cli), nickname, options.asOf);
        if (!history) throw new Error(`No account with nickname ${nickname}`);
        for (const line of formatHistory(history, options)) process.stdout.write(`${line}\n`);
      }),
    );
}
