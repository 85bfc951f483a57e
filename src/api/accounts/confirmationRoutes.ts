import { Router } from 'express';
import { z } from 'zod';
import { confirmAccount, resendConfirmation } from '../../commands/accounts/index.js';
import type { AppDeps } from '../deps.js';
import { noAuth } from '../http/auth.js';
import { commandContext } from '../http/commandContext.js';
import { createRateLimiter } from '../http/rateLimit.js';
import { ValidationError, validate } from '../http/validate.js';

const resendSchema = z.object({
  email: z.string().max(320).optional(),
  nickname: z.string().max(320).optional(),
});
const confirmSchema = z.object({ user_id: z.string().max(64), token: z.string().max(256) });

/** Pleroma's `:confirmation_resend` limit: 5 requests per 8,640,000 ms. */
const RESEND_LIMIT = { limit: 5, windowMs: 8_640_000 };

/** Address confirmation: the mailed link, and asking for it again (§5.5). */
export function confirmationRoutes(deps: AppDeps): Router {
  const router = Router();
  // Per client address as Pleroma, and beyond it per mailbox, so many addresses cannot flood one inbox.
  const limiter = createRateLimiter(RESEND_LIMIT);

  /** GET /api/account/confirm_email/:user_id/:token — Pleroma redirects to the front page when it worked. */
  router.get('/api/account/confirm_email/:user_id/:token', noAuth, async (req, res) => {
    const { user_id: accountId, token } = validate(confirmSchema, req);
    await confirmAccount(deps, accountId, token, commandContext(req, deps));
    res.status(302).location('/').type('json').send('');
  });

  /** POST /api/v1/pleroma/accounts/confirmation_resend — 204 whether or not anyone was mailed. */
  router.post('/api/v1/pleroma/accounts/confirmation_resend', noAuth, async (req, res) => {
    const { email, nickname } = validate(resendSchema, req);
    const target = email || nickname;
    if (!target) throw new ValidationError([{ field: 'email', message: 'Missing field: email.' }]);
    limiter.hit([`ip:${req.ip}`, `target:${target.trim().toLowerCase()}`], deps.clock().getTime());
    await resendConfirmation(deps, target, commandContext(req, deps));
    res.status(204).end();
  });

  return router;
}
