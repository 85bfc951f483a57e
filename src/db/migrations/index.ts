import type { Knex } from 'knex';
import * as eventStore from './001_event_store.js';
import * as projections from './002_projections.js';
import * as accountKeys from './003_account_keys.js';
import * as mfaTokensAndThrottle from './004_mfa_tokens_and_throttle.js';
import * as appendToStreams from './005_append_to_streams.js';
import * as appendToStreamsSetBased from './006_append_to_streams_set_based.js';

export interface Migration {
  up(db: Knex): Promise<void>;
  down(db: Knex): Promise<void>;
}

/** In order of application. Add new migrations at the end; never edit one that has shipped. */
export const migrations: Record<string, Migration> = {
  '001_event_store': eventStore,
  '002_projections': projections,
  '003_account_keys': accountKeys,
  '004_mfa_tokens_and_throttle': mfaTokensAndThrottle,
  '005_append_to_streams': appendToStreams,
  '006_append_to_streams_set_based': appendToStreamsSetBased,
};
