import { z } from 'zod';
import { accessOf } from '../../platform/http';
import { idParams, type App } from '../../platform/route-types';
import { fieldDto, fieldEntity, fieldInput, fieldPatch } from './fields.schemas';
import type { FieldsService } from './fields.service';

export function fieldsRoutes(app: App, fields: FieldsService): void {
  const tags = ['custom fields'];
  app.get('/api/custom-fields', { schema: { tags, summary: 'Custom field definitions (any signed-in staff: forms need them)', querystring: z.object({ entity: fieldEntity.optional() }), response: { 200: z.object({ items: z.array(fieldDto) }) } } }, async (req) => ({
    items: await fields.list(accessOf(req).merchantId, req.query.entity),
  }));
  app.post('/api/custom-fields', { config: { permission: 'fields.manage' }, schema: { tags, summary: 'Define a custom field', body: fieldInput, response: { 201: fieldDto } } }, async (req, reply) =>
    reply.code(201).send(await req.write((w) => fields.create(w, req.body), { status: 201 })),
  );
  app.patch('/api/custom-fields/:id', { config: { permission: 'fields.manage' }, schema: { tags, summary: 'Change or archive a custom field', params: idParams, body: fieldPatch, response: { 200: fieldDto } } }, async (req) =>
    req.write((w) => fields.update(w, req.params.id, req.body)),
  );
}
