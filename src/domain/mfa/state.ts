import { assertNever } from '../shared/errors.js';
import type { MfaEvent } from './events.js';

/** TOTP as Pleroma keeps it (§3.1): none, a secret awaiting confirmation, or a confirmed secret. */
export type TotpState =
  | { status: 'none' }
  | { status: 'pending'; sealedSecret: string }
  | { status: 'confirmed'; sealedSecret: string };

export interface MfaState {
  enabled: boolean;
  totp: TotpState;
  /** Salted hashes of the unused backup codes. */
  backupCodes: string[];
  /** The last TOTP time step accepted (confirmation or challenge); codes at or before it are replays. */
  lastTimeStep: number | null;
}

export const initialMfaState: MfaState = {
  enabled: false,
  totp: { status: 'none' },
  backupCodes: [],
  lastTimeStep: null,
};

const later = (current: number | null, step: number) => (current === null ? step : Math.max(current, step));

export function evolveMfa(state: MfaState, event: MfaEvent): MfaState {
  switch (event.type) {
    case 'MfaTotpSetupStarted':
      return { ...state, totp: { status: 'pending', sealedSecret: event.data.secret } };
    case 'MfaEnabled': {
      const secret = state.totp.status === 'none' ? '' : state.totp.sealedSecret;
      return {
        ...state,
        enabled: true,
        totp: { status: 'confirmed', sealedSecret: secret },
        lastTimeStep: later(state.lastTimeStep, event.data.timeStep),
      };
    }
    case 'MfaDisabled':
      return { ...state, enabled: false, totp: { status: 'none' } };
    case 'BackupCodesGenerated':
      return { ...state, backupCodes: [...event.data.codeHashes] };
    case 'BackupCodeUsed':
      return { ...state, backupCodes: state.backupCodes.filter((hash) => hash !== event.data.codeHash) };
    case 'TotpCodeUsed':
      return { ...state, lastTimeStep: later(state.lastTimeStep, event.data.timeStep) };
    default:
      return assertNever(event);
  }
}
