import type { FastifyReply } from 'fastify';
import { AppError } from '../../../kernel/errors';
import { accessOf } from '../../../platform/http';
import { SPREADSHEET_UPLOAD_TYPES } from '../../../platform/spreadsheets';
import { idParams, type App } from '../../../platform/route-types';
import { MAX_IMPORT_BYTES } from './import-parse';
import { exportQuery, importStatusDto, uploadQuery, uploadResult, validateInput } from './import.schemas';
import type { MemberImportService } from './import.service';
import './import.permissions';

/** Content types an uploaded member file may come with; the body is the file's bytes. */
const FILE_TYPES = SPREADSHEET_UPLOAD_TYPES;

function attachment(reply: FastifyReply, fileName: string, contentType: string) {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '');
  return reply
    .type(contentType)
    .header('cache-control', 'no-store')
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`);
}

export function memberImportRoutes(app: App, service: MemberImportService): void {
  const tags = ['members'];

  // the upload takes raw bytes up to ~40 MB, in its own scope so the rest of the API keeps the JSON parser and 1 MB limit
  void app.register(async (scope: App) => {
    scope.addContentTypeParser(FILE_TYPES, { parseAs: 'buffer', bodyLimit: MAX_IMPORT_BYTES }, (_req, body, done) => done(null, body));
    scope.post('/api/member-imports', {
      bodyLimit: MAX_IMPORT_BYTES,
      config: { permission: 'members.import' },
      schema: {
        tags,
        summary: 'Upload a member file (.xlsx or .csv; the body is the file, ?fileName=); returns headers, a preview and a suggested column mapping',
        querystring: uploadQuery,
        response: { 201: uploadResult },
      },
    }, async (req, reply) => {
      // a JSON (or any non-file) body is not a file
      if (!Buffer.isBuffer(req.body)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', { field: 'content-type' });
      return reply.code(201).send(await service.upload(accessOf(req), req.query.fileName, req.body, req.lang));
    });
  });

  app.get('/api/member-imports/template.xlsx', { config: { permission: 'members.import' }, schema: { tags, summary: 'The import template (the same columns as an export)' } }, async (_req, reply) =>
    attachment(reply, '会员导入模板.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await service.template()),
  );
  app.post('/api/member-imports/:id/validate', {
    config: { permission: 'members.import' },
    schema: { tags, summary: 'Map columns and check every row in the background; poll GET /api/member-imports/:id', params: idParams, body: validateInput, response: { 202: importStatusDto } },
  }, async (req, reply) => reply.code(202).send(await service.startValidation(accessOf(req), req.params.id, req.body, req.lang)));
  app.get('/api/member-imports/:id', {
    config: { permission: 'members.import' },
    schema: { tags, summary: 'Status, progress, counts and the first 200 row errors', params: idParams, response: { 200: importStatusDto } },
  }, async (req) => service.status(accessOf(req), req.params.id));
  for (const format of ['xlsx', 'csv'] as const) {
    app.get(`/api/member-imports/:id/errors.${format}`, { config: { permission: 'members.import' }, schema: { tags, summary: `Error report (${format}): the rows with problems and an 错误 column`, params: idParams } }, async (req, reply) => {
      const report = await service.errorReport(accessOf(req), req.params.id, format);
      return attachment(reply, report.fileName, report.contentType).send(report.data);
    });
  }
  app.post('/api/member-imports/:id/commit', {
    config: { permission: 'members.import' },
    schema: { tags, summary: 'Import the validated rows in one transaction, in the background (IMPORT_HAS_ERRORS in all-or-nothing mode when rows fail)', params: idParams, response: { 202: importStatusDto } },
  }, async (req, reply) => reply.code(202).send(await service.startCommit(accessOf(req), req.params.id)));

  app.get('/api/members/export', {
    config: { permission: 'members.export' },
    schema: { tags, summary: 'Export the filtered member list (same filters as GET /api/members) as xlsx or CSV with the import template’s columns', querystring: exportQuery },
  }, async (req, reply) => {
    const out = await service.exportMembers(accessOf(req), req.query);
    return attachment(reply, out.fileName, out.contentType).send(out.stream);
  });
}
