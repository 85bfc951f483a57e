import { Router } from 'express';
import { z } from 'zod';
import { changeEmail, changePassword, deleteAccount, disableAccount } from '../../commands/accounts/index.js';
import type { AppDeps } from '../deps.js';
import { authenticated } from '../http/auth.js';
import { commandContext } from '../http/commandContext.js';
import { validate } from '../http/validate.js';

/** Far above any real password or address; past it the input is refused before any hashing (argon2 on MBs). */
const secret = z.string().max(1024, { message: 'is too long' });
const address = z.string().max(320, { message: 'is too long' });

const changePasswordSchema = z.object({
  password: secret,
  new_password: secret,
  new_password_confirmation: secret,
});
const changeEmailSchema = z.object({ email: address, password: secret });
const passwordSchema = z.object({ password: secret.optional() });

const SUCCESS = { status: 'success' };
const writeAccounts = authenticated({ scopes: ['write:accounts'] });

/**
 * §1.5–§1.8, Pleroma's UtilController: only under /api/pleroma (no /api/v1/pleroma twin). A wrong password
 * and the other refusals these endpoints make are HTTP 200 with `{"error": …}`, as Pleroma answers them.
 */
export function securityRoutes(deps: AppDeps): Router {
  const router = Router();

  /** POST /api/pleroma/change_password (§1.6). */
  router.post('/api/pleroma/change_password', writeAccounts, async (req, res) => {
    const input = validate(changePasswordSchema, req);
    const change = {
      password: input.password,
      newPassword: input.new_password,
      newPasswordConfirmation: input.new_password_confirmation,
    };
    await changePassword(deps, req.auth!.accountId!, change, commandContext(req, deps));
    res.json(SUCCESS);
  });

  /** POST /api/pleroma/change_email (§1.5). */
  router.post('/api/pleroma/change_email', writeAccounts, async (req, res) => {
    const input = validate(changeEmailSchema, req);
    await changeEmail(deps, req.auth!.accountId!, input, commandContext(req, deps));
    res.json(SUCCESS);
  });

  /** POST /api/pleroma/delete_account (§1.7): `password` in the body or the query (the body wins). */
  router.post('/api/pleroma/delete_account', writeAccounts, async (req, res) => {
    const { password } = validate(passwordSchema, req);
    await deleteAccount(deps, req.auth!.accountId!, password ?? '', commandContext(req, deps));
    res.json(SUCCESS);
  });

  /** POST /api/pleroma/disable_account (§1.8): `password` in the query (a body is accepted too). */
  router.post('/api/pleroma/disable_account', writeAccounts, async (req, res) => {
    const { password } = validate(passwordSchema, req);
    await disableAccount(deps, req.auth!.accountId!, password ?? '', commandContext(req, deps));
    res.json(SUCCESS);
  });

  return router;
}
