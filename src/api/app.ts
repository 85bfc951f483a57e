import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import express, { type Express, type RequestHandler, Router } from 'express';
import { pinoHttp } from 'pino-http';
import qs from 'qs';
import { confirmationRoutes } from './accounts/confirmationRoutes.js';
import { accountRoutes } from './accounts/routes.js';
import { securityRoutes } from './accounts/securityRoutes.js';
import { aliasRoutes } from './aliases/routes.js';
import { backupRoutes } from './backups/routes.js';
import { bookmarkRoutes } from './bookmarks/routes.js';
import { captchaRoutes } from './captcha/routes.js';
import { conversationRoutes } from './conversations/routes.js';
import type { AppDeps } from './deps.js';
import { emojiRoutes } from './emoji/routes.js';
import { emojiPackRoutes } from './emojiPacks/routes.js';
import { endorsementRoutes } from './endorsements/routes.js';
import { favouriteRoutes } from './favourites/routes.js';
import { authentication } from './http/auth.js';
import { bodyParsers } from './http/bodyParsers.js';
import { crossOrigin } from './http/crossOrigin.js';
import { errorHandler, notFoundHandler } from './http/errors.js';
import { importRoutes } from './imports/routes.js';
import { instanceRoutes } from './instance/routes.js';
import { mascotRoutes } from './mascot/routes.js';
import { mediaRoutes } from './media/routes.js';
import { isUploadRoute } from './media/uploads.js';
import { mfaRoutes } from './mfa/routes.js';
import { moveRoutes } from './move/routes.js';
import { markerRoutes } from './notifications/markerRoutes.js';
import { notificationRoutes } from './notifications/routes.js';
import { oauthRoutes } from './oauth/routes.js';
import { pinRoutes } from './pins/routes.js';
import { profileImageRoutes } from './profileImages/routes.js';
import { reactionRoutes } from './reactions/routes.js';
import { followRequestRoutes } from './relationships/followRequestRoutes.js';
import { relationshipRoutes } from './relationships/routes.js';
import { remoteInteractionRoutes } from './remoteInteraction/routes.js';
import { scrobbleRoutes } from './scrobbles/routes.js';
import { settingsRoutes } from './settings/routes.js';
import { statusRoutes } from './statuses/routes.js';
import { timelineRoutes } from './timelines/routes.js';

/**
 * The route modules, one per API area; each is `(deps) => Router`. Express tries every route of the areas
 * before the one that answers, so the areas clients call most come first.
 */
const areas: ((deps: AppDeps) => Router)[] = [
  timelineRoutes,
  notificationRoutes,
  statusRoutes,
  reactionRoutes,
  favouriteRoutes,
  bookmarkRoutes,
  pinRoutes,
  conversationRoutes,
  markerRoutes,
  instanceRoutes,
  relationshipRoutes, // before accountRoutes: GET /api/v1/accounts/:id would take /accounts/relationships
  followRequestRoutes,
  endorsementRoutes,
  accountRoutes,
  aliasRoutes,
  moveRoutes,
  importRoutes,
  securityRoutes,
  confirmationRoutes,
  captchaRoutes,
  settingsRoutes,
  mfaRoutes,
  oauthRoutes,
  emojiRoutes,
  emojiPackRoutes,
  mediaRoutes,
  profileImageRoutes,
  mascotRoutes,
  scrobbleRoutes,
  backupRoutes,
  remoteInteractionRoutes,
];

/**
 * §0.1: a request to /api/pleroma/<rest> that no explicit /api/pleroma route took is dispatched again as
 * /api/v1/pleroma/<rest>.
 */
function legacyPleromaRerouter(api: Router): RequestHandler {
  return (req, res, next) => {
    if (!req.url.startsWith('/api/pleroma/')) return next();
    req.url = `/api/v1/pleroma/${req.url.slice('/api/pleroma/'.length)}`;
    api(req, res, next);
  };
}

/**
 * Every request gets an id (its commands' id and its log lines' `req.id`) and, when the logger logs at info
 * or below, one line as it ends. With logging off (LOG_LEVEL=silent, as the benchmarks run), pino-http is
 * left out rather than run to log nothing.
 */
function requestLogging(logger: AppDeps['logger']): express.RequestHandler {
  const genReqId = (req: IncomingMessage) => {
    const id = randomUUID();
    (req as express.Request).id = id;
    return id;
  };
  if (!logger.isLevelEnabled('error')) {
    return (req, _res, next) => {
      genReqId(req);
      next();
    };
  }
  return pinoHttp({
    logger,
    genReqId,
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    // The path only: query strings may carry access_token.
    serializers: { req: (req) => ({ id: req.id, method: req.method, url: String(req.url).split('?')[0] }) },
  });
}

export function buildApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // Pleroma sends no ETag on API answers; express would hash every body for one.
  app.disable('etag');
  // id[]=1&id[]=2 and types[]=… arrive as arrays: express's 'extended' parser, but with room for more than qs's
  // default 20 items (past it an array became an object, so ?id[]=… with 25 ids was a 400; Pleroma takes 100).
  // A key repeated without [] keeps its last value, as Plug's query parser does (qs would make an array).
  app.set('query parser', (query: string) =>
    qs.parse(query, { allowPrototypes: true, arrayLimit: 1000, duplicates: 'last' }),
  );
  app.set('trust proxy', 'loopback');
  app.use(requestLogging(deps.logger));
  app.use(crossOrigin()); // answers OPTIONS (preflights) before anything else runs
  app.use(bodyParsers(deps.config.BODY_LIMIT, isUploadRoute)); // uploads parse on their routes
  app.use(authentication(deps)); // req.auth from Bearer, access_token or Basic (§0.2)

  const api = Router();
  for (const area of areas) api.use(area(deps));
  app.use(api);
  app.use(legacyPleromaRerouter(api));
  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return app;
}
