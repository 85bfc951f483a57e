import express, { type Request, type RequestHandler } from 'express';
import multer from 'multer';
import { DomainError } from '../../domain/shared/errors.js';
import { refuseUnsafeInput } from './unsafeInput.js';

/**
 * Multipart forms (fields, and files kept in memory) within `limits`. Multer's own errors are its limits
 * (the error middleware makes them 413 or 400); anything else it reports is busboy failing to read the body —
 * no parts at all, a truncated form, no boundary — which is the client's malformed body, not a 500.
 */
export function multipartBody(limits: multer.Options['limits']): RequestHandler {
  const parse = multer({ storage: multer.memoryStorage(), limits }).any();
  return (req, res, next) => {
    if (!req.is('multipart/form-data')) return next();
    parse(req, res, (error?: unknown) => {
      if (!error || error instanceof multer.MulterError) return next(error);
      next(new DomainError('malformed_body', 'Malformed request body', 400));
    });
  };
}

/**
 * Every body encoding a Mastodon client may send: JSON, urlencoded forms and multipart forms (fields, and
 * files kept in memory for the routes that take uploads). Sizes are bounded; too large is a 413. Requests
 * `skip` names are left to their route's own parsers (uploads, bounded by the upload limits instead). What
 * was parsed (the query and path too) is then refused if no handler can be given it (unsafeInput.ts).
 */
export function bodyParsers(limit: string, skip: (req: Request) => boolean = () => false): RequestHandler[] {
  const bytes = parseSize(limit);
  const unless =
    (parser: RequestHandler): RequestHandler =>
    (req, res, next) =>
      skip(req) ? next() : parser(req, res, next);
  const parsers: RequestHandler[] = [
    express.json({ limit, type: ['application/json', 'application/*+json'] }),
    express.urlencoded({ limit, extended: true }),
    multipartBody({ fileSize: bytes, fieldSize: bytes, files: 10, fields: 200 }),
  ];
  return [...parsers.map(unless), refuseUnsafeInput];
}

function parseSize(limit: string): number {
  const match = /^(\d+)(b|kb|mb)$/i.exec(limit);
  if (!match) throw new Error(`bad size ${limit}`);
  const unit = { b: 1, kb: 1024, mb: 1024 * 1024 }[match[2]!.toLowerCase() as 'b' | 'kb' | 'mb'];
  return Number(match[1]) * unit;
}
