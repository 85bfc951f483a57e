import { type Request, Router } from 'express';
import { z } from 'zod';
import { requestImport } from '../../commands/relationships/index.js';
import { type ImportKind, importErrors } from '../../domain/import/index.js';
import type { AppDeps } from '../deps.js';
import { authenticated } from '../http/auth.js';
import { commandContext } from '../http/commandContext.js';
import { validate } from '../http/validate.js';

const listSchema = z.object({ list: z.string() });

/** §2's routes (only under /api/pleroma) and their scopes (OR). */
const IMPORTS: { path: string; kind: ImportKind; scopes: string[] }[] = [
  { path: '/api/pleroma/follow_import', kind: 'follow', scopes: ['follow', 'write:follows'] },
  { path: '/api/pleroma/blocks_import', kind: 'block', scopes: ['follow', 'write:blocks'] },
  { path: '/api/pleroma/mutes_import', kind: 'mute', scopes: ['follow', 'write:mutes'] },
];

/** `list` as an uploaded file (multipart, kept in memory by the body parser, bounded by BODY_LIMIT) or a string. */
function listOf(req: Request): string {
  const files = Array.isArray(req.files) ? req.files : [];
  const file = files.find((f) => f.fieldname === 'list');
  if (!file) return validate(listSchema, req).list;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(file.buffer);
  } catch {
    throw importErrors.notText();
  }
}

/** Follow, block and mute imports (§2): the list is checked here, the work done by the imports process. */
export function importRoutes(deps: AppDeps): Router {
  const router = Router();
  for (const { path, kind, scopes } of IMPORTS) {
    /** POST /api/pleroma/<kind>_import — 200 "jobs started"; empty list 400, too long 413. */
    router.post(path, authenticated({ scopes }), async (req, res) => {
      await requestImport(deps, req.auth!.accountId!, kind, listOf(req), commandContext(req, deps));
      res.json('jobs started');
    });
  }
  return router;
}
