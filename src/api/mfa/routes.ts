import { Router } from 'express';
import { z } from 'zod';
import { confirmTotp, disableMfa, generateBackupCodes, setupTotp } from '../../commands/mfa/index.js';
import { badRequest, notFound } from '../../domain/shared/errors.js';
import { findAccountById } from '../../projections/accounts/queries.js';
import type { AppDeps } from '../deps.js';
import { authenticated } from '../http/auth.js';
import { commandContext } from '../http/commandContext.js';
import { requestInput } from '../http/validate.js';

const readSecurity = authenticated({ scopes: ['read:security'] });
const writeSecurity = authenticated({ scopes: ['write:security'] });

/** Clients send codes as strings or, in JSON, as numbers. */
const text = z.union([z.string(), z.number()]).transform(String);
const confirmSchema = z.object({ method: z.literal('totp'), password: text, code: text });
const disableSchema = z.object({ method: z.enum(['totp', 'mfa']), password: text.optional() });

/** §3.4/§3.5: Pleroma answers a missing parameter or an unknown method alike. */
const undefinedMfaMethod = () => badRequest('undefined mfa method');

/** §3 multi-factor settings: only under /api/pleroma (§0.1, no /api/v1/pleroma twin). */
export function mfaRoutes(deps: AppDeps): Router {
  const router = Router();

  /** §3.2: whether MFA is on and TOTP confirmed. */
  router.get('/api/pleroma/accounts/mfa', readSecurity, async (req, res) => {
    const account = await findAccountById(deps.db, req.auth!.accountId!);
    if (!account) throw notFound();
    res.json({ settings: { enabled: account.mfaEnabled, totp: account.mfaTotpConfirmed } });
  });

  /** §3.6: a fresh set of backup codes, in the clear only in this answer. */
  router.get('/api/pleroma/accounts/mfa/backup_codes', writeSecurity, async (req, res) => {
    const codes = await generateBackupCodes(deps, req.auth!.accountId!, commandContext(req, deps));
    res.json({ codes });
  });

  /** §3.3: a new unconfirmed TOTP secret and its provisioning URI. */
  router.get('/api/pleroma/accounts/mfa/setup/:method', writeSecurity, async (req, res) => {
    if (req.params.method !== 'totp') throw badRequest('undefined method');
    const setup = await setupTotp(deps, req.auth!.accountId!, commandContext(req, deps));
    res.json({ key: setup.key, provisioning_uri: setup.provisioningUri });
  });

  /** §3.4: password and a code of the new secret turn MFA on. */
  router.post('/api/pleroma/accounts/mfa/confirm/:method', writeSecurity, async (req, res) => {
    const input = confirmSchema.safeParse(requestInput(req));
    if (!input.success) throw undefinedMfaMethod();
    const { password, code } = input.data;
    await confirmTotp(deps, req.auth!.accountId!, { password, code }, commandContext(req, deps));
    res.json({});
  });

  /** §3.5: `totp` or `mfa`, with the password, turns MFA off. */
  router.delete('/api/pleroma/accounts/mfa/:method', writeSecurity, async (req, res) => {
    const input = disableSchema.safeParse(requestInput(req));
    if (!input.success) throw undefinedMfaMethod();
    await disableMfa(deps, req.auth!.accountId!, input.data, commandContext(req, deps));
    res.json({});
  });

  return router;
}
