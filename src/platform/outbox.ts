import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';
import type { Clock } from '../kernel/clock';
import { newId } from '../kernel/ids';

export interface OutboxMessage {
  topic: string;
  payload: unknown;
  /** the same dedupe key is queued once per merchant; defaults to the message id */
  dedupeKey?: string;
}

export interface DeliveredMessage {
  id: string;
  merchantId: string;
  topic: string;
  payload: unknown;
  attempt: number;
}

/** Delivers one message; throwing means "try again later". Receives the outbox id to deduplicate. */
export type OutboxHandler = (message: DeliveredMessage) => Promise<void>;

export async function enqueue(tx: Transaction<Database>, merchantId: string, message: OutboxMessage, now: Date): Promise<void> {
  const id = newId();
  await tx
    .insertInto('outbox')
    .values({
      merchant_id: merchantId,
      id,
      topic: message.topic,
      payload: JSON.stringify(message.payload),
      dedupe_key: message.dedupeKey ?? id,
      status: 'pending',
      attempts: 0,
      next_attempt_at: now.toISOString(),
      lease_until: null,
      last_error: null,
      created_at: now.toISOString(),
      sent_at: null,
    })
    .onConflict((oc) => oc.columns(['merchant_id', 'dedupe_key']).doNothing())
    .execute();
}

export interface OutboxWorkerOptions {
  maxAttempts?: number;
  batchSize?: number;
  pollMs?: number;
  leaseMs?: number;
}

/**
 * Delivers committed outbox rows. Rows are leased with a conditional update, so several
 * servers can run workers on one database without sending a message twice at once.
 */
export class OutboxWorker {
  private readonly handlers = new Map<string, OutboxHandler>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private rerun = false;
  private readonly maxAttempts: number;
  private readonly batchSize: number;
  private readonly pollMs: number;
  private readonly leaseMs: number;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    options: OutboxWorkerOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 8;
    this.batchSize = options.batchSize ?? 50;
    this.pollMs = options.pollMs ?? 2000;
    this.leaseMs = options.leaseMs ?? 60_000;
  }

  register(topic: string, handler: OutboxHandler): void {
    this.handlers.set(topic, handler);
  }

  start(): void {
    this.timer ??= setInterval(() => this.nudge(), this.pollMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Called after a commit that queued messages, and by the poll timer. */
  nudge(): void {
    if (this.running) {
      this.rerun = true;
      return;
    }
    this.running = this.drain()
      .then(() => undefined)
      .catch((err: unknown) => console.error('outbox worker failed', err))
      .finally(() => {
        this.running = null;
        if (this.rerun) {
          this.rerun = false;
          this.nudge();
        }
      });
  }

  /** Delivers everything due now; resolves when done (tests await it). */
  async drain(): Promise<number> {
    let delivered = 0;
    for (;;) {
      const now = this.clock.now();
      const due = await this.db
        .selectFrom('outbox')
        .selectAll()
        .where((eb) =>
          eb.or([
            eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', now.toISOString())]),
            eb.and([eb('status', '=', 'sending'), eb('lease_until', '<', now.toISOString())]),
          ]),
        )
        .orderBy('next_attempt_at')
        .limit(this.batchSize)
        .execute();
      if (due.length === 0) return delivered;
      let progressed = false;
      for (const row of due) {
        const leaseUntil = new Date(now.getTime() + this.leaseMs).toISOString();
        const leased = await this.db
          .updateTable('outbox')
          .set({ status: 'sending', lease_until: leaseUntil, attempts: row.attempts + 1 })
          .where('merchant_id', '=', row.merchant_id)
          .where('id', '=', row.id)
          .where('attempts', '=', row.attempts)
          .where('status', '=', row.status)
          .executeTakeFirst();
        if (Number(leased.numUpdatedRows) !== 1) continue; // another worker has it
        progressed = true;
        await this.deliver({ ...row, attempts: row.attempts + 1 });
        delivered++;
      }
      if (!progressed) return delivered;
    }
  }

  private async deliver(row: Database['outbox'] & { attempts: number }): Promise<void> {
    const handler = this.handlers.get(row.topic);
    const update = (patch: Partial<Database['outbox']>) =>
      this.db.updateTable('outbox').set(patch).where('merchant_id', '=', row.merchant_id).where('id', '=', row.id).execute();
    try {
      if (!handler) throw new Error(`no handler for topic ${row.topic}`);
      await handler({ id: row.id, merchantId: row.merchant_id, topic: row.topic, payload: JSON.parse(row.payload), attempt: row.attempts });
      await update({ status: 'sent', sent_at: this.clock.now().toISOString(), lease_until: null, last_error: null });
    } catch (err) {
      const dead = row.attempts >= this.maxAttempts;
      const backoffMs = Math.min(2 ** row.attempts * 1000, 3_600_000);
      await update({
        status: dead ? 'dead' : 'pending',
        lease_until: null,
        last_error: String(err instanceof Error ? err.message : err).slice(0, 1000),
        next_attempt_at: new Date(this.clock.now().getTime() + backoffMs).toISOString(),
      });
    }
  }
}
