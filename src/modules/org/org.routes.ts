import { z } from 'zod';
import { zId, zOk } from '../../kernel/schemas';
import { accessOf } from '../../platform/http';
import { idParams, type App } from '../../platform/route-types';
import { merchantSettingsPatchSchema, merchantSettingsSchema } from './org.settings';
import {
  cityDto,
  cityInput,
  cityPatch,
  regionDto,
  regionInput,
  regionPatch,
  storeDto,
  storeInput,
  storeListQuery,
  storePage,
  storePatch,
  tillDto,
  tillInput,
  tillPatch,
} from './org.schemas';
import type { OrgService } from './org.service';

const settingsDto = merchantSettingsSchema.extend({ merchantName: z.string() });

export function orgRoutes(app: App, org: OrgService): void {
  const regions = { tags: ['organisation'] };

  app.get('/api/regions', { config: { permission: 'org.regions.view' }, schema: { ...regions, summary: 'Regions with their cities', response: { 200: z.object({ items: z.array(regionDto) }) } } }, async (req) => ({
    items: await org.listRegions(accessOf(req)),
  }));
  app.post('/api/regions', { config: { permission: 'org.regions.manage' }, schema: { ...regions, summary: 'Create a region', body: regionInput, response: { 201: regionDto } } }, async (req, reply) =>
    reply.code(201).send(await req.write((w) => org.createRegion(w, req.body), { status: 201 })),
  );
  app.patch('/api/regions/:id', { config: { permission: 'org.regions.manage' }, schema: { ...regions, summary: 'Rename a region', params: idParams, body: regionPatch, response: { 200: regionDto.omit({ cities: true }) } } }, async (req) =>
    req.write((w) => org.updateRegion(w, req.params.id, req.body)),
  );
  app.delete('/api/regions/:id', { config: { permission: 'org.regions.manage' }, schema: { ...regions, summary: 'Delete an empty region', params: idParams, response: { 200: zOk } } }, async (req) =>
    req.write(async (w) => {
      await org.deleteRegion(w, req.params.id);
      return { ok: true as const };
    }),
  );
  app.post('/api/cities', { config: { permission: 'org.regions.manage' }, schema: { ...regions, summary: 'Create a city in a region', body: cityInput, response: { 201: cityDto } } }, async (req, reply) =>
    reply.code(201).send(await req.write((w) => org.createCity(w, req.body), { status: 201 })),
  );
  app.patch('/api/cities/:id', { config: { permission: 'org.regions.manage' }, schema: { ...regions, summary: 'Rename a city', params: idParams, body: cityPatch, response: { 200: cityDto } } }, async (req) =>
    req.write((w) => org.updateCity(w, req.params.id, req.body)),
  );
  app.delete('/api/cities/:id', { config: { permission: 'org.regions.manage' }, schema: { ...regions, summary: 'Delete a city without stores', params: idParams, response: { 200: zOk } } }, async (req) =>
    req.write(async (w) => {
      await org.deleteCity(w, req.params.id);
      return { ok: true as const };
    }),
  );

  const stores = { tags: ['organisation'] };
  app.get('/api/stores', { config: { permission: 'org.stores.view' }, schema: { ...stores, summary: 'Stores in the caller’s data scope', querystring: storeListQuery, response: { 200: storePage } } }, async (req) =>
    org.listStores(accessOf(req), req.query),
  );
  app.get('/api/stores/:id', { config: { permission: 'org.stores.view' }, schema: { ...stores, summary: 'One store', params: idParams, response: { 200: storeDto } } }, async (req) =>
    org.getStore(accessOf(req), req.params.id),
  );
  app.post('/api/stores', { config: { permission: 'org.stores.manage' }, schema: { ...stores, summary: 'Open a store', body: storeInput, response: { 201: storeDto } } }, async (req, reply) =>
    reply.code(201).send(await req.write((w) => org.createStore(w, req.body), { status: 201 })),
  );
  app.patch('/api/stores/:id', { config: { permission: 'org.stores.manage' }, schema: { ...stores, summary: 'Change a store', params: idParams, body: storePatch, response: { 200: storeDto } } }, async (req) =>
    req.write((w) => org.updateStore(w, accessOf(req), req.params.id, req.body)),
  );

  const tills = { tags: ['organisation'] };
  const storeParams = z.object({ storeId: zId });
  app.get('/api/stores/:storeId/tills', { config: { permission: 'org.tills.view' }, schema: { ...tills, summary: 'Tills of a store', params: storeParams, response: { 200: z.object({ items: z.array(tillDto) }) } } }, async (req) => ({
    items: await org.listTills(accessOf(req), req.params.storeId),
  }));
  app.post('/api/stores/:storeId/tills', { config: { permission: 'org.tills.manage' }, schema: { ...tills, summary: 'Add a till', params: storeParams, body: tillInput, response: { 201: tillDto } } }, async (req, reply) =>
    reply.code(201).send(await req.write((w) => org.createTill(w, accessOf(req), req.params.storeId, req.body), { status: 201 })),
  );
  app.patch('/api/tills/:id', { config: { permission: 'org.tills.manage' }, schema: { ...tills, summary: 'Rename or disable a till', params: idParams, body: tillPatch, response: { 200: tillDto } } }, async (req) =>
    req.write((w) => org.updateTill(w, accessOf(req), req.params.id, req.body)),
  );

  const system = { tags: ['system'] };
  app.get('/api/settings', { config: { permission: 'settings.manage' }, schema: { ...system, summary: 'Merchant settings', response: { 200: settingsDto } } }, async (req) =>
    org.getSettings(accessOf(req).merchantId),
  );
  app.patch('/api/settings', { config: { permission: 'settings.manage' }, schema: { ...system, summary: 'Change merchant settings', body: merchantSettingsPatchSchema, response: { 200: settingsDto } } }, async (req) =>
    req.write((w) => org.updateSettings(w, req.body)),
  );
}
