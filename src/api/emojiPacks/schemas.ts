import type { Request } from 'express';
import { z } from 'zod';
import { booleanLike } from '../accounts/schemas.js';
import { openApiBoolean } from '../http/openApiTypes.js';
import { invalidValue, ValidationError } from '../http/validate.js';

/** `page` (from 1) and `page_size` (from 0) as §0.4 casts integers: an empty value takes the default. */
export function pageParams(req: Request, defaultSize: number): { page: number; pageSize: number } {
  const query = req.query as Record<string, unknown>;
  const issues: { field: string; message: string }[] = [];
  const integer = (field: string, fallback: number, min: number) => {
    const value = query[field];
    if (value === undefined || value === '') return fallback;
    if (typeof value === 'string' && /^\d+$/.test(value.trim()) && Number(value) >= min) return Number(value);
    issues.push(invalidValue(field, 'integer', value));
    return fallback;
  };
  const params = { page: integer('page', 1, 1), pageSize: integer('page_size', defaultSize, 0) };
  if (issues.length > 0) throw new ValidationError(issues);
  return params;
}

export const nameSchema = z.object({ name: z.string() });

/** A string field of the metadata, null let through as a client clearing it. */
const metadataText = z.string().nullable().optional();

/**
 * PATCH …/pack's body: the metadata fields Pleroma's update_request types are cast as its OpenApiSpex casts them
 * (`share-files` from "true" too), anything else is kept as given.
 */
export const updateSchema = z.object({
  name: z.string(),
  metadata: z.looseObject({
    'share-files': openApiBoolean.optional(),
    license: metadataText,
    homepage: metadataText,
    description: metadataText,
    'fallback-src': metadataText,
  }),
});

export const remoteSchema = z.object({ url: z.string() });

export const downloadSchema = z.object({
  url: z.string(),
  name: z.string(),
  as: z
    .string()
    .nullish()
    .transform((value) => value ?? undefined),
});

/** POST …/packs/files: `file` is an upload (checked by the route) or a URL to fetch. */
export const addFileSchema = z.object({
  name: z.string(),
  file: z.string().optional(),
  shortcode: z.string().optional(),
  filename: z.string().optional(),
});

export const renameFileSchema = z.object({
  name: z.string(),
  shortcode: z.string(),
  new_shortcode: z.string(),
  new_filename: z.string(),
  force: booleanLike.optional(),
});

export const removeFileSchema = z.object({ name: z.string(), shortcode: z.string() });
