import { z } from 'zod';
import { zName } from '../../kernel/schemas';

export const fieldEntity = z.enum(['member', 'staff', 'product']);
export const fieldType = z.enum(['text', 'number', 'date', 'single', 'multi']);
const options = z.array(z.string().trim().min(1).max(64)).max(100);

export const fieldInput = z.object({
  entity: fieldEntity,
  key: z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, 'lower-case letters, digits and _'),
  label: zName,
  type: fieldType,
  options: options.default([]),
  required: z.boolean().default(false),
  sort: z.number().int().min(0).max(1000).default(0),
});
export const fieldPatch = z.object({ label: zName, options, required: z.boolean(), sort: z.number().int().min(0).max(1000), status: z.enum(['active', 'archived']) }).partial();
export type FieldInput = z.infer<typeof fieldInput>;
export type FieldPatch = z.infer<typeof fieldPatch>;

export const fieldDto = z.object({
  id: z.string(),
  entity: fieldEntity,
  key: z.string(),
  label: z.string(),
  type: fieldType,
  options: z.array(z.string()),
  required: z.boolean(),
  sort: z.number().int(),
  status: z.enum(['active', 'archived']),
});
