import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { DomainError } from '../../domain/shared/errors.js';
import { ProjectionTimeoutError } from '../../projections/waiter.js';

interface HttpParserError {
  type?: string;
  status?: number;
  code?: string;
}

/** Errors from body parsing and uploads: malformed or oversized input is the client's fault. */
function parserError(error: unknown): { status: number; message: string } | undefined {
  const e = error as HttpParserError;
  if (e?.type === 'entity.parse.failed') return { status: 400, message: 'Invalid JSON in request body' };
  if (e?.type === 'entity.too.large' || e?.code === 'LIMIT_FILE_SIZE' || e?.code === 'LIMIT_FIELD_VALUE') {
    return { status: 413, message: 'Request body too large' };
  }
  if (
    e?.code?.startsWith?.('LIMIT_') ||
    e?.type === 'encoding.unsupported' ||
    e?.type === 'charset.unsupported'
  ) {
    return { status: 400, message: 'Malformed request body' };
  }
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
    return { status: e.status, message: 'Bad request' };
  }
  return undefined;
}

/**
 * The one error middleware (practice 9): domain errors become Pleroma's `{"error": message}` with their
 * status; anything unexpected is logged with its cause and answered like Pleroma's fallback, without a stack.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    if (res.headersSent) return;
    if (error instanceof DomainError) {
      res.status(error.status).json({ error: error.message, ...error.extra });
      return;
    }
    if (error instanceof ProjectionTimeoutError) {
      // The events are stored; only the read model is behind. Tell the client when to look again.
      res
        .status(503)
        .set('Retry-After', '1')
        .json({ error: 'The request was saved but is still being processed' });
      return;
    }
    const client = parserError(error);
    if (client) {
      res.status(client.status).json({ error: client.message });
      return;
    }
    logger.error({ err: error, method: req.method, url: req.originalUrl }, 'unhandled error');
    res.status(500).json('Something went wrong');
  };
}

/** Unknown routes answer JSON too; legacy /api/pleroma paths use Pleroma's own text (§0.1). */
export const notFoundHandler: RequestHandler = (req, res) => {
  const pleroma = req.path.startsWith('/api/pleroma/') || req.path.startsWith('/api/v1/pleroma/');
  res.status(404).json({ error: pleroma ? 'Not implemented' : 'Not found' });
};
