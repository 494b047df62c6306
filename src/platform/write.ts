import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';
import type { Clock } from '../kernel/clock';
import { writeAudit, type AuditEntry } from './audit';
import type { Actor } from './context';
import { completeKey } from './idempotency';
import { enqueue, type OutboxMessage, type OutboxWorker } from './outbox';

/** What a service gets for one write: the transaction, who acts, and its side channels. */
export interface WriteScope {
  tx: Transaction<Database>;
  actor: Actor;
  now: Date;
  /** audit row in this transaction: a rolled-back write leaves none */
  audit(entry: AuditEntry): Promise<void>;
  /** message delivered by the outbox worker only after this transaction commits */
  enqueue(message: OutboxMessage): Promise<void>;
}

/** Runs one item of a scheduled job in its own write as the system; false when it failed (and was logged). */
export type ItemRunner = (merchantId: string, fn: (w: WriteScope) => Promise<void>) => Promise<boolean>;

export interface WriteOptions {
  /** when the request carried an Idempotency-Key, its response is stored in this transaction */
  idempotencyKey?: string;
  responseStatus?: number;
}

/** deadlock_detected, serialization_failure */
const RETRYABLE_PG_CODES = new Set(['40P01', '40001']);
const MAX_ATTEMPTS = 3;

export class Writer {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly outbox: OutboxWorker,
  ) {}

  /**
   * One transaction around `fn`. PostgreSQL may abort one of two transactions that wait on each
   * other (deadlock) or conflict (serialization failure); everything `fn` did lives in the
   * transaction, so it is simply run again, a few times at most.
   */
  async run<T>(actor: Actor, fn: (w: WriteScope) => Promise<T>, options: WriteOptions = {}): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(actor, fn, options);
      } catch (err) {
        if (attempt >= MAX_ATTEMPTS || !RETRYABLE_PG_CODES.has((err as { code?: unknown }).code as string)) throw err;
      }
    }
  }

  private async attempt<T>(actor: Actor, fn: (w: WriteScope) => Promise<T>, options: WriteOptions): Promise<T> {
    let queued = false;
    const now = this.clock.now();
    const result = await this.db.transaction().execute(async (tx) => {
      const scope: WriteScope = {
        tx,
        actor,
        now,
        audit: (entry) => writeAudit(tx, actor, now.toISOString(), entry),
        enqueue: async (message) => {
          queued = true;
          await enqueue(tx, actor.merchantId, message, now);
        },
      };
      const value = await fn(scope);
      if (options.idempotencyKey) {
        await completeKey(tx, actor.merchantId, options.idempotencyKey, { status: options.responseStatus ?? 200, body: value }, now);
      }
      return value;
    });
    if (queued) this.outbox.nudge();
    return result;
  }
}
