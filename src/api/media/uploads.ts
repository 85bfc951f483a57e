import express, { type Request, type RequestHandler } from 'express';
import { DomainError } from '../../domain/shared/errors.js';
import { dataUriLength } from '../../media/dataUri.js';
import { multipartBody } from '../http/bodyParsers.js';
import { refuseUnsafeInput } from '../http/unsafeInput.js';
import { ValidationError } from '../http/validate.js';

/**
 * Routes whose bodies carry files. The app-wide body parsers (bounded by BODY_LIMIT) leave them alone; each
 * parses its body with `uploadBody` after its authentication, bounded by the upload limits. The legacy
 * /api/pleroma forms are listed too: the body is parsed before they are re-dispatched.
 */
const UPLOAD_ROUTES = [
  /^\/api\/v[12]\/media\/?$/i,
  /^\/api\/v1\/accounts\/update_credentials\/?$/i,
  /^\/api\/(v1\/)?pleroma\/accounts\/update_(avatar|banner|background)\/?$/i,
  /^\/api\/(v1\/)?pleroma\/mascot\/?$/i,
  /^\/api\/(v1\/)?pleroma\/emoji\/packs\/files\/?$/i,
];

export const isUploadRoute = (req: Request): boolean => UPLOAD_ROUTES.some((route) => route.test(req.path));

export const uploadTooLarge = () => new DomainError('file_too_large', 'File is too large', 413);

/**
 * JSON, form and multipart bodies of an upload route: files up to `maxFileBytes` kept in memory, and text
 * fields (a data: URI among them) up to as long as such a file in base64. Larger is 413 "File is too large".
 * Parsed, the input is refused if no handler can be given it, as the app-wide parsers refuse it.
 */
export function uploadBody(maxFileBytes: number): RequestHandler[] {
  const textBytes = dataUriLength(maxFileBytes);
  const tooLarge = (error: unknown) => {
    const code = (error as { code?: string; type?: string })?.code ?? (error as { type?: string })?.type;
    return code === 'LIMIT_FILE_SIZE' || code === 'LIMIT_FIELD_VALUE' || code === 'entity.too.large';
  };
  const translated =
    (parser: RequestHandler): RequestHandler =>
    (req, res, next) =>
      parser(req, res, (error?: unknown) => next(error && tooLarge(error) ? uploadTooLarge() : error));
  const parsers: RequestHandler[] = [
    express.json({ limit: textBytes, type: ['application/json', 'application/*+json'] }),
    express.urlencoded({ limit: textBytes, extended: true }),
    multipartBody({ fileSize: maxFileBytes, fieldSize: textBytes, files: 4, fields: 200 }),
  ];
  return [...parsers.map(translated), refuseUnsafeInput];
}

/** The file uploaded in the multipart field `field`, if any. */
export function uploadedFile(req: Request, field: string): Express.Multer.File | undefined {
  const files = Array.isArray(req.files) ? req.files : [];
  return files.find((file) => file.fieldname === field);
}

/** §0.4's "Missing field" refusal for a required upload. */
export const missingField = (field: string) =>
  new ValidationError([{ field, message: `Missing field: ${field}.` }]);

/** The bytes of the required file field `field`, or the 400 of a missing parameter. */
export function requiredFile(req: Request, field: string): Buffer {
  const file = uploadedFile(req, field);
  if (!file) throw missingField(field);
  return file.buffer;
}
