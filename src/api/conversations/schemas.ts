import { z } from 'zod';

/** `recipients[]=…` (a lone `recipients=…` is one id): account ids. */
const accountIds = z
  .union([z.string(), z.array(z.string())])
  .transform((value) => (Array.isArray(value) ? value : [value]));

export const conversationIdSchema = z.object({ id: z.string() });

/** GET /api/v1/conversations — pagination is parsed apart. */
export const conversationsSchema = z.object({ recipients: accountIds.optional() });

/** PATCH /api/v1/pleroma/conversations/:id — `recipients[]` is required (§6.6). */
export const updateConversationSchema = z.object({ id: z.string(), recipients: accountIds });
