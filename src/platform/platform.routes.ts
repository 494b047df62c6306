import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema';
import { pageOffset } from '../db/sql-helpers';
import { pageResult, zId, zPaging, zTimestamp } from '../kernel/schemas';
import { storeScope } from './access';
import { searchAudit } from './audit';
import { accessOf } from './http';
import type { App } from './route-types';
import { describeSchedule, type Scheduler } from './scheduler';

const auditQuery = z.object({
  ...zPaging,
  action: z.string().max(64).optional(),
  entityType: z.string().max(64).optional(),
  entityId: z.string().max(64).optional(),
  staffId: zId.optional(),
  storeId: zId.optional(),
  from: zTimestamp.optional(),
  to: zTimestamp.optional(),
  q: z.string().trim().max(100).optional(),
});

const auditItem = z.object({
  id: z.string(),
  at: z.string(),
  staffId: z.string().nullable(),
  staffName: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  storeId: z.string().nullable(),
  tillId: z.string().nullable(),
  ip: z.string(),
  summary: z.object({ before: z.unknown().optional(), after: z.unknown().optional() }),
});

const outboxQuery = z.object({ ...zPaging, status: z.enum(['pending', 'sending', 'sent', 'dead']).optional() });

export function platformRoutes(app: App, db: Kysely<Database>, scheduler: Scheduler): void {
  app.get('/api/health', { config: { public: true }, schema: { tags: ['system'], summary: 'Liveness', response: { 200: z.object({ status: z.literal('ok') }) } } }, async () => ({
    status: 'ok' as const,
  }));

  app.get('/api/audit', { config: { permission: 'audit.view' }, schema: { tags: ['system'], summary: 'Search the audit log', querystring: auditQuery, response: { 200: pageResult(auditItem) } } }, async (req) => {
    const ctx = accessOf(req);
    const result = await searchAudit(db, ctx.merchantId, { ...req.query, storeIds: storeScope(ctx), viewerStaffId: ctx.staffId });
    return { ...result, page: req.query.page, pageSize: req.query.pageSize };
  });

  app.get('/api/system/jobs', {
    config: { permission: 'settings.manage' },
    schema: {
      tags: ['system'],
      summary: 'Scheduled jobs and their latest runs',
      response: {
        200: z.object({
          jobs: z.array(z.object({ name: z.string(), schedule: z.string() })),
          runs: z.array(z.object({ id: z.string(), jobName: z.string(), runKey: z.string(), status: z.string(), startedAt: z.string(), finishedAt: z.string().nullable(), error: z.string().nullable() })),
        }),
      },
    },
  }, async (req) => {
    const merchantId = accessOf(req).merchantId;
    // runs of per-store jobs carry the merchant in their key; other merchants' runs stay hidden
    const runs = await db
      .selectFrom('job_runs')
      .selectAll()
      .where((eb) => eb.or([eb('run_key', 'like', `${merchantId}:%`), eb('run_key', 'not like', '%:%')]))
      .orderBy('started_at', 'desc')
      .limit(100)
      .execute();
    return {
      jobs: scheduler.list().map((j) => ({ name: j.name, schedule: describeSchedule(j.schedule) })),
      runs: runs.map((r) => ({ id: r.id, jobName: r.job_name, runKey: r.run_key, status: r.status, startedAt: r.started_at, finishedAt: r.finished_at, error: r.error })),
    };
  });

  app.get('/api/system/outbox', {
    config: { permission: 'settings.manage' },
    schema: {
      tags: ['system'],
      summary: 'Outgoing messages and their delivery state',
      querystring: outboxQuery,
      response: { 200: pageResult(z.object({ id: z.string(), topic: z.string(), status: z.string(), attempts: z.number().int(), lastError: z.string().nullable(), createdAt: z.string(), sentAt: z.string().nullable() })) },
    },
  }, async (req) => {
    const merchantId = accessOf(req).merchantId;
    let base = db.selectFrom('outbox').where('merchant_id', '=', merchantId);
    if (req.query.status) base = base.where('status', '=', req.query.status);
    const [rows, count] = await Promise.all([
      base.selectAll().orderBy('created_at', 'desc').limit(req.query.pageSize).offset(pageOffset(req.query)).execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return {
      items: rows.map((r) => ({ id: r.id, topic: r.topic, status: r.status, attempts: r.attempts, lastError: r.last_error, createdAt: r.created_at, sentAt: r.sent_at })),
      total: Number(count.n),
      page: req.query.page,
      pageSize: req.query.pageSize,
    };
  });
}
