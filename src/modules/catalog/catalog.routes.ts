import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../kernel/errors';
import { accessOf } from '../../platform/http';
import { idParams, type App } from '../../platform/route-types';
import { MAX_SHEET_BYTES, SPREADSHEET_UPLOAD_TYPES } from '../../platform/spreadsheets';
import type { CatalogImportService } from './catalog.import';
import {
  barcodeParams,
  categoryDto,
  categoryInput,
  categoryListQuery,
  categoryPatch,
  exportQuery,
  importQuery,
  importResult,
  productDetailDto,
  productInput,
  productListQuery,
  productPage,
  productPatch,
  storeSettingDto,
  storeSettingInput,
  storeSettingList,
} from './catalog.schemas';
import type { CatalogService } from './catalog.service';

function attachment(reply: FastifyReply, fileName: string, contentType: string) {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '');
  return reply
    .type(contentType)
    .header('cache-control', 'no-store')
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`);
}

export function catalogRoutes(app: App, catalog: CatalogService, imports: CatalogImportService): void {
  const tags = ['catalog'];

  // ---- categories ----
  app.get('/api/product-categories', {
    config: { permission: 'catalog.view' },
    schema: { tags, summary: 'Product categories (分类), two levels', querystring: categoryListQuery, response: { 200: z.object({ items: z.array(categoryDto) }) } },
  }, async (req) => ({ items: await catalog.listCategories(accessOf(req).merchantId, req.query.status) }));
  app.post('/api/product-categories', { config: { permission: 'catalog.manage' }, schema: { tags, summary: 'Create a category', body: categoryInput, response: { 201: categoryDto } } }, async (req, reply) =>
    reply.code(201).send(await req.write((w) => catalog.createCategory(w, req.body), { status: 201 })),
  );
  app.patch('/api/product-categories/:id', { config: { permission: 'catalog.manage' }, schema: { tags, summary: 'Change or archive a category', params: idParams, body: categoryPatch, response: { 200: categoryDto } } }, async (req) =>
    req.write((w) => catalog.updateCategory(w, req.params.id, req.body)),
  );

  // ---- products ----
  // the till searches and scans with checkout.sell alone
  const findProducts = ['catalog.view', 'checkout.sell'] as const;
  app.get('/api/products', {
    config: { permission: findProducts },
    schema: { tags, summary: 'Products and services; q = exact code or barcode, or part of the name', querystring: productListQuery, response: { 200: productPage } },
  }, async (req) => catalog.listProducts(accessOf(req).merchantId, req.query));
  app.get('/api/products/export', {
    config: { permission: 'catalog.manage' },
    schema: { tags, summary: 'Export active goods and services (编码, 条码, 名称, 分类编码, 类型, 单位, 标价 in yuan, 允许会员折扣 Y/N, 积分 default/excluded/rate:<bp>) as xlsx or CSV', querystring: exportQuery },
  }, async (req, reply) => {
    const out = await imports.exportProducts(accessOf(req).merchantId, req.query.format);
    return attachment(reply, out.fileName, out.contentType).send(out.data);
  });
  app.get('/api/products/barcode/:code', {
    config: { permission: findProducts },
    schema: { tags, summary: 'Scanner lookup: the product with this barcode, else with this code', params: barcodeParams, response: { 200: productDetailDto } },
  }, async (req) => catalog.lookup(accessOf(req), req.params.code));
  app.get('/api/products/:id', { config: { permission: 'catalog.view' }, schema: { tags, summary: 'One product with member and special prices, items, time billing and store settings', params: idParams, response: { 200: productDetailDto } } }, async (req) =>
    catalog.getProduct(accessOf(req), req.params.id),
  );
  app.post('/api/products', {
    config: { permission: 'catalog.manage' },
    schema: { tags, summary: 'Create a product: goods, service, package (套餐), count card (计次卡) or timed (计时)', body: productInput, response: { 201: productDetailDto } },
  }, async (req, reply) => reply.code(201).send(await req.write((w) => catalog.createProduct(w, accessOf(req), req.body), { status: 201 })));
  app.patch('/api/products/:id', {
    config: { permission: 'catalog.manage' },
    schema: { tags, summary: 'Change or archive a product; a list given replaces the whole list', params: idParams, body: productPatch, response: { 200: productDetailDto } },
  }, async (req) => req.write((w) => catalog.updateProduct(w, accessOf(req), req.params.id, req.body)));

  // ---- per-store availability and price ----
  app.get('/api/products/:id/store-settings', {
    config: { permission: 'catalog.view' },
    schema: { tags, summary: 'Availability and price of a product at the caller’s stores (a store without a row sells it at the list price)', params: idParams, response: { 200: storeSettingList } },
  }, async (req) => ({ items: await catalog.storeSettings(accessOf(req), req.params.id) }));
  app.put('/api/products/:id/store-settings', {
    config: { permission: 'catalog.store_prices' },
    schema: { tags, summary: 'Set availability (上下架) and price (门店价) at one store within the caller’s scope', params: idParams, body: storeSettingInput, response: { 200: storeSettingDto } },
  }, async (req) => req.write((w) => catalog.setStoreSetting(w, accessOf(req), req.params.id, req.body)));

  // the upload takes raw bytes, in its own scope so the rest of the API keeps the JSON parser and 1 MB limit
  void app.register(async (scope: App) => {
    scope.addContentTypeParser(SPREADSHEET_UPLOAD_TYPES, { parseAs: 'buffer', bodyLimit: MAX_SHEET_BYTES }, (_req, body, done) => done(null, body));
    scope.post('/api/products/import', {
      bodyLimit: MAX_SHEET_BYTES,
      config: { permission: 'catalog.manage' },
      schema: {
        tags,
        summary:
          'Import goods and services from a .xlsx or .csv file (the body is the file): the export’s columns; created or updated by 编码. ' +
          'Every row is checked first; any bad row is a 400 CATALOG_IMPORT_INVALID with details.errors [{ row, field, code, message }] and nothing is written.',
        querystring: importQuery,
        response: { 200: importResult },
      },
    }, async (req) => {
      // a JSON (or any non-file) body is not a file
      if (!Buffer.isBuffer(req.body)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', { field: 'content-type' });
      // read before the transaction opens: parsing a large file must not hold the database
      const table = await imports.read(req.body);
      return req.write((w) => imports.importProducts(w, table, req.lang));
    });
  });
}
