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

export class Writer {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly outbox: OutboxWorker,
  ) {}

  async run<T>(actor: Actor, fn: (w: WriteScope) => Promise<T>, options: WriteOptions = {}): Promise<T> {
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
