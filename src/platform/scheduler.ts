import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { localDateTime, parseTimeOfDay, type Clock } from '../kernel/clock';
import { newId } from '../kernel/ids';

export type Schedule =
  | { everyMinutes: number }
  /** once a day per store, at this store-local time ('HH:MM') */
  | { dailyAt: string };

export interface StoreRef {
  merchantId: string;
  storeId: string;
  timeZone: string;
}

export interface JobRunContext {
  db: Kysely<Database>;
  now: Date;
  runKey: string;
  /** set for daily per-store jobs: the store and its local date of this run */
  store?: StoreRef & { localDate: string };
}

export interface JobDefinition {
  name: string;
  schedule: Schedule;
  run(ctx: JobRunContext): Promise<void>;
}

/** Lists the stores daily jobs run for; provided by the organisation module at wiring. */
export type StoreLister = () => Promise<StoreRef[]>;

export function describeSchedule(schedule: Schedule): string {
  return 'everyMinutes' in schedule ? `every ${schedule.everyMinutes} min` : `daily at ${schedule.dailyAt} store time`;
}

/**
 * Runs periodic jobs. Each run is first recorded in job_runs under a unique (job, run key);
 * only the server whose insert succeeds runs it, so N servers on one database run it once.
 */
export class Scheduler {
  private readonly jobs: JobDefinition[] = [];
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly listStores: StoreLister,
  ) {}

  register(job: JobDefinition): void {
    if ('dailyAt' in job.schedule && parseTimeOfDay(job.schedule.dailyAt) === null) {
      throw new Error(`job ${job.name}: dailyAt must be HH:MM`);
    }
    this.jobs.push(job);
  }

  list(): readonly JobDefinition[] {
    return this.jobs;
  }

  start(intervalMs = 30_000): void {
    this.timer ??= setInterval(() => {
      this.ticking ??= this.tick()
        .catch((err: unknown) => console.error('scheduler tick failed', err))
        .finally(() => {
          this.ticking = null;
        });
    }, intervalMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.ticking;
  }

  /** Starts every run that is due now and not yet recorded; resolves when they finish. */
  async tick(): Promise<void> {
    const now = this.clock.now();
    let stores: StoreRef[] | null = null;
    for (const job of this.jobs) {
      if ('everyMinutes' in job.schedule) {
        const period = Math.floor(now.getTime() / (job.schedule.everyMinutes * 60_000));
        await this.runOnce(job, String(period), { db: this.db, now, runKey: String(period) });
        continue;
      }
      const at = parseTimeOfDay(job.schedule.dailyAt) ?? 0;
      stores ??= await this.listStores();
      for (const store of stores) {
        const local = localDateTime(now, store.timeZone);
        if (local.minutes < at) continue;
        const runKey = `${store.merchantId}:${store.storeId}:${local.date}`;
        await this.runOnce(job, runKey, { db: this.db, now, runKey, store: { ...store, localDate: local.date } });
      }
    }
  }

  private async runOnce(job: JobDefinition, runKey: string, ctx: JobRunContext): Promise<void> {
    const id = newId();
    const inserted = await this.db
      .insertInto('job_runs')
      .values({ id, job_name: job.name, run_key: runKey, status: 'running', started_at: ctx.now.toISOString(), finished_at: null, error: null })
      .onConflict((oc) => oc.columns(['job_name', 'run_key']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) return;
    let error: string | null = null;
    try {
      await job.run(ctx);
    } catch (err) {
      error = String(err instanceof Error ? (err.stack ?? err.message) : err).slice(0, 4000);
    }
    await this.db
      .updateTable('job_runs')
      .set({ status: error ? 'failed' : 'succeeded', finished_at: this.clock.now().toISOString(), error })
      .where('id', '=', id)
      .execute();
  }
}
