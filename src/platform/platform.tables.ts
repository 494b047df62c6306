export interface AuditLogTable {
  merchant_id: string;
  id: string;
  at: string;
  staff_id: string | null;
  staff_name: string;
  action: string;
  entity_type: string;
  entity_id: string;
  /** JSON {before?, after?} */
  summary: string;
  store_id: string | null;
  till_id: string | null;
  ip: string;
}

export type IdempotencyStatus = 'running' | 'done';

export interface IdempotencyKeysTable {
  merchant_id: string;
  key: string;
  request_hash: string;
  status: IdempotencyStatus;
  response_status: number | null;
  response_body: string | null;
  created_at: string;
  completed_at: string | null;
}

/** Per store, document type and business day: the last printed number handed out (e.g. 20261126-0001). */
export interface DocCountersTable {
  merchant_id: string;
  store_id: string;
  doc_type: string;
  business_day: string;
  last_no: number;
}

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'dead';

export interface OutboxTable {
  merchant_id: string;
  id: string;
  topic: string;
  payload: string;
  /** a producer-chosen key; the same message is never queued twice */
  dedupe_key: string;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: string;
  lease_until: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

export type JobRunStatus = 'running' | 'succeeded' | 'failed';

export interface JobRunsTable {
  id: string;
  job_name: string;
  /** unique per job: the period (and store) a run covers, so N servers run it once */
  run_key: string;
  status: JobRunStatus;
  started_at: string;
  finished_at: string | null;
  error: string | null;
}

export interface PlatformTables {
  audit_log: AuditLogTable;
  idempotency_keys: IdempotencyKeysTable;
  outbox: OutboxTable;
  job_runs: JobRunsTable;
  doc_counters: DocCountersTable;
}
