import express, { Router } from 'express';
import type { AppDeps } from '../deps.js';
import { noAuth, publicOrAuthenticated } from '../http/auth.js';
import { renderCustomEmoji, renderEmojiIndex } from '../views/customEmoji.js';

/** The instance's custom emoji: the two listings and the images themselves. */
export function emojiRoutes(deps: AppDeps): Router {
  const router = Router();

  /** GET /api/v1/pleroma/emoji — §1.1, no auth at all. */
  router.get('/api/v1/pleroma/emoji', noAuth, (_req, res) => {
    res.json(renderEmojiIndex(deps.emoji.all()));
  });

  /** GET /api/v1/custom_emojis — Mastodon's shape, sorted by shortcode. */
  router.get('/api/v1/custom_emojis', publicOrAuthenticated(), (_req, res) => {
    res.json(deps.emoji.all().map((emoji) => renderCustomEmoji(emoji, deps.config)));
  });

  /**
   * GET /emoji/<pack>/<file> — the images, from the packs folder only: `send` resolves every path inside
   * it (`..` and encoded `..` are refused), dotfiles are not served, and a miss falls through to the JSON 404.
   */
  router.use(
    '/emoji',
    express.static(deps.emoji.directory, { dotfiles: 'ignore', index: false, redirect: false, maxAge: '1d' }),
  );

  return router;
}
