import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../src/platform/context';
import { enqueue, OutboxWorker, type DeliveredMessage, type OutboxMessage } from '../src/platform/outbox';
import { Scheduler, type JobRunContext, type StoreLister } from '../src/platform/scheduler';
import { ApiClient, loggedIn } from './support/api-client';
import { closeTestSystem } from './support/close';
import { ADMIN, createTestSystem, type TestSystem } from './support/test-system';

let system: TestSystem;
let admin: ApiClient;
let lister: StoreLister;
let shanghai: string;
let newYork: string;

beforeAll(async () => {
  system = await createTestSystem();
  admin = await loggedIn(system, ADMIN.username, ADMIN.password);
  const sh = await admin.post('/api/stores', { code: 'SH1', name: '上海店', kind: 'direct', timeZone: 'Asia/Shanghai' });
  const ny = await admin.post('/api/stores', { code: 'NY1', name: 'New York', kind: 'direct', timeZone: 'America/New_York' });
  expect([sh.status, ny.status]).toEqual([201, 201]);
  shanghai = sh.body.id;
  newYork = ny.body.id;
  lister = () => system.services.org.activeStoresForScheduling();
});
afterAll(() => closeTestSystem(system));

function runsOf(job: string) {
  return system.db.kysely.selectFrom('job_runs').selectAll().where('job_name', '=', job).orderBy('run_key').execute();
}

/** A daily job that records which store/local date it ran for. */
function dailyJob(name: string, calls: { storeId?: string; localDate?: string; runKey: string }[], dailyAt = '09:00') {
  return {
    name,
    schedule: { dailyAt },
    run: async (ctx: JobRunContext) => {
      calls.push({ storeId: ctx.store?.storeId, localDate: ctx.store?.localDate, runKey: ctx.runKey });
    },
  };
}

const byStore = <T extends { storeId?: string }>(calls: T[]) => [...calls].sort((x, y) => String(x.storeId).localeCompare(String(y.storeId)));

describe('Scheduler: daily jobs at a store-local time', () => {
  it('runs once per store with each store’s own local date, however often and on however many servers it ticks', async () => {
    const calls: { storeId?: string; localDate?: string; runKey: string }[] = [];
    const scheduler = system.services.scheduler;
    scheduler.register(dailyJob('test.daily', calls));
    // 09:30 in Shanghai on the 27th is 20:30 on the 26th in New York (EST, UTC-5)
    system.clock.set('2026-11-27T01:30:00Z');
    await scheduler.tick();
    expect(byStore(calls)).toEqual(
      byStore([
        { storeId: shanghai, localDate: '2026-11-27', runKey: `${system.merchantId}:${shanghai}:2026-11-27` },
        { storeId: newYork, localDate: '2026-11-26', runKey: `${system.merchantId}:${newYork}:2026-11-26` },
      ]),
    );

    await scheduler.tick();
    expect(calls).toHaveLength(2);

    // a second server on the same database, ticking at the same time, finds both runs taken
    const otherCalls: typeof calls = [];
    const other = new Scheduler(system.db.kysely, system.clock, lister);
    other.register(dailyJob('test.daily', otherCalls));
    await other.tick();
    expect(otherCalls).toHaveLength(0);

    const runs = await runsOf('test.daily');
    expect(runs.map((r) => [r.run_key, r.status, r.error])).toEqual(
      [
        [`${system.merchantId}:${shanghai}:2026-11-27`, 'succeeded', null],
        [`${system.merchantId}:${newYork}:2026-11-26`, 'succeeded', null],
      ].sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
    );
    expect(runs.every((r) => r.started_at === '2026-11-27T01:30:00.000Z' && r.finished_at === '2026-11-27T01:30:00.000Z')).toBe(true);

    // next day, both servers tick at once: still one run per store
    system.clock.set('2026-11-28T01:30:00Z');
    await Promise.all([scheduler.tick(), other.tick(), other.tick()]);
    const next = [...calls.slice(2), ...otherCalls];
    expect(byStore(next).map((c) => [c.storeId, c.localDate])).toEqual(
      byStore([
        { storeId: shanghai, localDate: '2026-11-28' },
        { storeId: newYork, localDate: '2026-11-27' },
      ]).map((c) => [c.storeId, c.localDate]),
    );
    expect(await runsOf('test.daily')).toHaveLength(4);
  });

  it('does not run before the local time: 08:59 is too early, 09:00 is due', async () => {
    const calls: { storeId?: string; localDate?: string; runKey: string }[] = [];
    const scheduler = new Scheduler(system.db.kysely, system.clock, lister);
    scheduler.register(dailyJob('test.edge', calls));

    system.clock.set('2026-11-27T00:59:00Z'); // Shanghai 08:59 on the 27th; New York 19:59 on the 26th
    await scheduler.tick();
    expect(calls.map((c) => [c.storeId, c.localDate])).toEqual([[newYork, '2026-11-26']]);

    system.clock.set('2026-11-27T01:00:00Z'); // Shanghai 09:00
    await scheduler.tick();
    expect(calls.map((c) => [c.storeId, c.localDate])).toEqual([[newYork, '2026-11-26'], [shanghai, '2026-11-27']]);

    system.clock.set('2026-11-27T13:59:00Z'); // New York 08:59 on the 27th
    await scheduler.tick();
    expect(calls).toHaveLength(2);

    system.clock.set('2026-11-27T14:00:00Z'); // New York 09:00 on the 27th
    await scheduler.tick();
    expect(calls.map((c) => [c.storeId, c.localDate])).toEqual([[newYork, '2026-11-26'], [shanghai, '2026-11-27'], [newYork, '2026-11-27']]);
    expect(await runsOf('test.edge')).toHaveLength(3);
  });

  it('skips stores that are not active', async () => {
    const api = await loggedIn(system, ADMIN.username, ADMIN.password); // the clock has moved past the first session
    const suspended = await api.post('/api/stores', { code: 'SUS', name: '停业店', kind: 'direct', timeZone: 'Asia/Shanghai', status: 'suspended' });
    expect(suspended.status).toBe(201);
    const calls: { storeId?: string; localDate?: string; runKey: string }[] = [];
    const scheduler = new Scheduler(system.db.kysely, system.clock, lister);
    scheduler.register(dailyJob('test.active', calls));
    system.clock.set('2026-11-27T15:00:00Z');
    await scheduler.tick();
    expect(calls.map((c) => c.storeId).sort()).toEqual([shanghai, newYork].sort());
  });

  it('refuses a malformed daily time', () => {
    const scheduler = new Scheduler(system.db.kysely, system.clock, lister);
    expect(() => scheduler.register(dailyJob('test.bad', [], '9:00'))).toThrow('dailyAt must be HH:MM');
    expect(() => scheduler.register(dailyJob('test.bad', [], '24:00'))).toThrow('dailyAt must be HH:MM');
  });
});

describe('Scheduler: periodic jobs', () => {
  it('runs an every-15-minutes job once per period', async () => {
    let runs = 0;
    const keys: string[] = [];
    const a = new Scheduler(system.db.kysely, system.clock, lister);
    const b = new Scheduler(system.db.kysely, system.clock, lister);
    for (const s of [a, b]) {
      s.register({ name: 'test.every15', schedule: { everyMinutes: 15 }, run: async (ctx) => void (runs++, keys.push(ctx.runKey), expect(ctx.store).toBeUndefined()) });
    }
    system.clock.set('2026-11-27T02:00:00Z');
    await Promise.all([a.tick(), b.tick()]);
    expect(runs).toBe(1);
    system.clock.advance(15 * 60_000 - 1);
    await a.tick();
    expect(runs).toBe(1);
    system.clock.advance(1);
    await Promise.all([a.tick(), b.tick()]);
    expect(runs).toBe(2);
    const period = Math.floor(Date.parse('2026-11-27T02:00:00Z') / (15 * 60_000));
    expect(keys).toEqual([String(period), String(period + 1)]);
    expect((await runsOf('test.every15')).map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
  });

  it('records a failing job as failed with the error, and keeps running other jobs', async () => {
    let after = 0;
    const scheduler = new Scheduler(system.db.kysely, system.clock, lister);
    scheduler.register({ name: 'test.fails', schedule: { everyMinutes: 60 }, run: async () => { throw new Error('disk full'); } });
    scheduler.register({ name: 'test.after', schedule: { everyMinutes: 60 }, run: async () => void after++ });
    system.clock.set('2026-11-27T03:10:00Z');
    await scheduler.tick();
    const [failed] = await runsOf('test.fails');
    expect(failed?.status).toBe('failed');
    expect(failed?.error).toContain('Error: disk full');
    expect(failed?.finished_at).toBe('2026-11-27T03:10:00.000Z');
    expect(after).toBe(1);
    // a failed run is not retried within its period
    await scheduler.tick();
    expect(await runsOf('test.fails')).toHaveLength(1);
  });
});

describe('OutboxWorker', () => {
  const outbox = () => system.services.outbox;
  const actor = () => systemActor(system.merchantId);
  /** Writer.run nudges the shared worker after a commit; stop() waits for that delivery round. */
  const settle = () => outbox().stop();

  function rowsOf(topic: string) {
    return system.db.kysely.selectFrom('outbox').selectAll().where('topic', '=', topic).orderBy('created_at').orderBy('id').execute();
  }

  /** Queues messages in a committed transaction without nudging any worker. */
  async function queueQuietly(messages: OutboxMessage[]) {
    await system.db.kysely.transaction().execute(async (tx) => {
      for (const m of messages) await enqueue(tx, system.merchantId, m, system.clock.now());
    });
  }

  it('delivers a message queued in a write, after the commit, with its payload', async () => {
    const delivered: DeliveredMessage[] = [];
    outbox().register('test.hello', async (m) => void delivered.push(m));
    system.clock.set('2026-11-28T00:00:00Z');
    await system.services.writer.run(actor(), async (w) => {
      await w.enqueue({ topic: 'test.hello', payload: { memberId: 'M1', text: '您好' } });
      expect(delivered).toHaveLength(0);
    });
    await settle();
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatchObject({ merchantId: system.merchantId, topic: 'test.hello', payload: { memberId: 'M1', text: '您好' }, attempt: 1 });
    const [row] = await rowsOf('test.hello');
    expect(row).toMatchObject({ id: delivered[0]?.id, status: 'sent', attempts: 1, sent_at: '2026-11-28T00:00:00.000Z', last_error: null, lease_until: null });
    expect(await outbox().drain()).toBe(0);
    expect(delivered).toHaveLength(1);
  });

  it('drain() delivers what is due and reports how many', async () => {
    const delivered: unknown[] = [];
    outbox().register('test.drain', async (m) => void delivered.push(m.payload));
    await queueQuietly([1, 2, 3].map((n) => ({ topic: 'test.drain', payload: { n } })));
    expect(await outbox().drain()).toBe(3);
    expect(delivered).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect((await rowsOf('test.drain')).map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
  });

  it('a rolled-back write queues nothing', async () => {
    const delivered: unknown[] = [];
    outbox().register('test.rollback', async (m) => void delivered.push(m));
    await expect(
      system.services.writer.run(actor(), async (w) => {
        await w.enqueue({ topic: 'test.rollback', payload: { x: 1 } });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await settle();
    expect(await rowsOf('test.rollback')).toHaveLength(0);
    expect(await outbox().drain()).toBe(0);
    expect(delivered).toHaveLength(0);
  });

  it('retries a failing handler with backoff, not before it is due', async () => {
    const attempts: number[] = [];
    outbox().register('test.flaky', async (m) => {
      attempts.push(m.attempt);
      if (m.attempt === 1) throw new Error('SMS gateway timeout');
    });
    system.clock.set('2026-11-28T01:00:00Z');
    await system.services.writer.run(actor(), (w) => w.enqueue({ topic: 'test.flaky', payload: { to: '13800138000' } }));
    await settle();
    expect(attempts).toEqual([1]);
    const [failed] = await rowsOf('test.flaky');
    expect(failed).toMatchObject({ status: 'pending', attempts: 1, last_error: 'SMS gateway timeout', lease_until: null, sent_at: null });
    expect(failed?.next_attempt_at).toBe('2026-11-28T01:00:02.000Z'); // 2^1 s later

    expect(await outbox().drain()).toBe(0);
    system.clock.advance(1999);
    expect(await outbox().drain()).toBe(0);
    expect(attempts).toEqual([1]);

    system.clock.advance(1);
    expect(await outbox().drain()).toBe(1);
    expect(attempts).toEqual([1, 2]);
    const [sent] = await rowsOf('test.flaky');
    expect(sent).toMatchObject({ status: 'sent', attempts: 2, last_error: null, sent_at: '2026-11-28T01:00:02.000Z' });
  });

  it('gives up after maxAttempts: the message becomes dead and is not sent again', async () => {
    const worker = new OutboxWorker(system.db.kysely, system.clock, { maxAttempts: 2 });
    let calls = 0;
    worker.register('test.dead', async () => {
      calls++;
      throw new Error('mailbox full');
    });
    system.clock.set('2026-11-28T02:00:00Z');
    await queueQuietly([{ topic: 'test.dead', payload: {} }]);
    expect(await worker.drain()).toBe(1);
    expect((await rowsOf('test.dead'))[0]).toMatchObject({ status: 'pending', attempts: 1 });
    system.clock.advance(2000);
    expect(await worker.drain()).toBe(1);
    expect((await rowsOf('test.dead'))[0]).toMatchObject({ status: 'dead', attempts: 2, last_error: 'mailbox full', sent_at: null });
    system.clock.advance(24 * 3_600_000);
    expect(await worker.drain()).toBe(0);
    expect(await outbox().drain()).toBe(0);
    expect(calls).toBe(2);
    const api = await loggedIn(system, ADMIN.username, ADMIN.password);
    const listed = await api.get('/api/system/outbox?status=dead');
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((i: { topic: string; attempts: number }) => [i.topic, i.attempts])).toEqual([['test.dead', 2]]);
  });

  it('queues a dedupe key once', async () => {
    const delivered: unknown[] = [];
    outbox().register('test.dedupe', async (m) => void delivered.push(m.payload));
    await system.services.writer.run(actor(), async (w) => {
      await w.enqueue({ topic: 'test.dedupe', payload: { n: 1 }, dedupeKey: 'order-42-receipt' });
      await w.enqueue({ topic: 'test.dedupe', payload: { n: 2 }, dedupeKey: 'order-42-receipt' });
    });
    await system.services.writer.run(actor(), (w) => w.enqueue({ topic: 'test.dedupe', payload: { n: 3 }, dedupeKey: 'order-42-receipt' }));
    await settle();
    const rows = await rowsOf('test.dedupe');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ dedupe_key: 'order-42-receipt', status: 'sent' });
    expect(delivered).toEqual([{ n: 1 }]);
  });

  it('two workers draining at once deliver each message exactly once', async () => {
    const perId = new Map<string, number>();
    const handler = async (m: DeliveredMessage) => {
      perId.set(m.id, (perId.get(m.id) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, 1));
    };
    const one = new OutboxWorker(system.db.kysely, system.clock, { batchSize: 7 });
    const two = new OutboxWorker(system.db.kysely, system.clock, { batchSize: 7 });
    one.register('test.race', handler);
    two.register('test.race', handler);
    await queueQuietly(Array.from({ length: 40 }, (_, n) => ({ topic: 'test.race', payload: { n } })));
    const [a, b] = await Promise.all([one.drain(), two.drain()]);
    expect(a + b).toBe(40);
    expect(perId.size).toBe(40);
    expect([...perId.values()].every((n) => n === 1)).toBe(true);
    const rows = await rowsOf('test.race');
    expect(rows.map((r) => [r.status, r.attempts])).toEqual(Array.from({ length: 40 }, () => ['sent', 1]));
  });
});
