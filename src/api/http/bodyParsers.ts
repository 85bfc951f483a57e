import express, { type Request, type RequestHandler } from 'express';
import multer from 'multer';

/**
 * Every body encoding a Mastodon client may send: JSON, urlencoded forms and multipart forms (fields, and
 * files kept in memory for the routes that take uploads). Sizes are bounded; too large is a 413. Requests
 * `skip` names are left to their route's own parsers (uploads, bounded by the upload limits instead).
 */
export function bodyParsers(limit: string, skip: (req: Request) => boolean = () => false): RequestHandler[] {
  const bytes = parseSize(limit);
  const multipart = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: bytes, fieldSize: bytes, files: 10, fields: 200 },
  }).any();
  const unless =
    (parser: RequestHandler): RequestHandler =>
    (req, res, next) =>
      skip(req) ? next() : parser(req, res, next);
  const parsers: RequestHandler[] = [
    express.json({ limit, type: ['application/json', 'application/*+json'] }),
    express.urlencoded({ limit, extended: true }),
    (req, res, next) => (req.is('multipart/form-data') ? multipart(req, res, next) : next()),
  ];
  return parsers.map(unless);
}

function parseSize(limit: string): number {
  const match = /^(\d+)(b|kb|mb)$/i.exec(limit);
  if (!match) throw new Error(`bad size ${limit}`);
  const unit = { b: 1, kb: 1024, mb: 1024 * 1024 }[match[2]!.toLowerCase() as 'b' | 'kb' | 'mb'];
  return Number(match[1]) * unit;
}
