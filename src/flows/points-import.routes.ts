import { AppError } from '../kernel/errors';
import { accessOf } from '../platform/http';
import type { App } from '../platform/route-types';
import { MAX_SHEET_BYTES, SPREADSHEET_UPLOAD_TYPES } from '../platform/spreadsheets';
import { pointsImportListQuery, pointsImportPage, pointsImportQuery, pointsImportResult, pointsImportSummary } from '../modules/wallet/points-import.schemas';
import type { PointsImportFlow } from './points-import';

export function pointsImportRoutes(app: App, flow: PointsImportFlow): void {
  const tags = ['wallet'];

  // the upload takes raw bytes, in its own scope so the rest of the API keeps the JSON parser and 1 MB limit
  void app.register(async (scope: App) => {
    scope.addContentTypeParser(SPREADSHEET_UPLOAD_TYPES, { parseAs: 'buffer', bodyLimit: MAX_SHEET_BYTES }, (_req, body, done) => done(null, body));
    scope.post('/api/points-imports', {
      bodyLimit: MAX_SHEET_BYTES,
      config: { permission: 'points.import' },
      schema: {
        tags,
        summary:
          'Import opening points balances (积分导入) from a .xlsx or .csv file (the body is the file, ?fileName=): columns 手机号/phone or 卡号/cardNo, 积分/points, optional 到期日/expiresOn and 备注/note. ' +
          'Every row is checked first; any bad row is a 400 POINTS_IMPORT_INVALID with details.errors [{ row, field, code, message }] and nothing is written. ' +
          '?dryRun=true only checks and returns the summary (200); otherwise one ledger transaction credits every member (201).',
        querystring: pointsImportQuery,
        response: { 200: pointsImportSummary, 201: pointsImportResult },
      },
    }, async (req, reply) => {
      // a JSON (or any non-file) body is not a file
      if (!Buffer.isBuffer(req.body)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', { field: 'content-type' });
      const ctx = accessOf(req);
      // read before the transaction opens: parsing a large file must not hold the database
      const file = await flow.read(req.body);
      if (req.query.dryRun === 'true') return reply.code(200).send(await flow.preview(ctx, file, req.lang));
      return reply.code(201).send(await req.write((w) => flow.commit(w, ctx, req.query.fileName, file, req.lang), { status: 201 }));
    });
  });

  app.get('/api/points-imports', {
    config: { permission: 'points.import' },
    schema: { tags, summary: 'Points imports done, newest first (administrators see all, others their own)', querystring: pointsImportListQuery, response: { 200: pointsImportPage } },
  }, async (req) => flow.list(accessOf(req), req.query));
}
