/**
 * The ledger (ARCHITECTURE "The ledger"): append-only entries in transactions, between accounts
 * of one asset. Member accounts keep a cached balance and lots; the merchant's and stores'
 * counter-accounts (cash received, bonus expense, points issued…) are not cached, so many tills
 * never queue on one hot row — their balance is the sum of their entries.
 */
export type Asset = string; // 'CNY' | 'POINTS' | `USES:${itemId}`
export type MemberAccountKind = 'sv_principal' | 'sv_bonus' | 'points' | 'uses';

export interface LedgerAccountsTable {
  merchant_id: string;
  id: string;
  asset: Asset;
  /** e.g. 'member:<id>:sv_principal', 'store:<id>:tender:cash', 'merchant:points_issued' */
  code: string;
  /** set for member accounts, which are cached, never negative and hold lots */
  member_id: string | null;
  kind: MemberAccountKind | 'system';
  /** what the asset is, for uses accounts the service item's name */
  label: string;
  balance: number;
  created_at: string;
  updated_at: string;
}

export interface LedgerTxnsTable {
  merchant_id: string;
  id: string;
  kind: string;
  /** the document that caused it: 'topup', 'transfer', 'card_refund', 'order'… */
  doc_type: string;
  doc_id: string;
  /** the document's printed number, when it has one */
  doc_no: string | null;
  store_id: string | null;
  member_id: string | null;
  staff_id: string | null;
  staff_name: string;
  memo: string;
  /** set on a reversing transaction; unique, so nothing is reversed twice */
  reverses_id: string | null;
  business_day: string | null;
  created_at: string;
}

export interface LedgerEntriesTable {
  merchant_id: string;
  id: string;
  txn_id: string;
  seq: number;
  asset: Asset;
  account_id: string;
  member_id: string | null;
  /** signed: + into the account, − out of it; Σ per asset over all entries is 0 */
  amount: number;
  /** the account's balance after this entry; null for accounts without a cached balance */
  balance_after: number | null;
  created_at: string;
}

/** A credit to a member account; debits consume lots soonest-expiring first (no expiry = last, oldest first). */
export interface LedgerLotsTable {
  merchant_id: string;
  id: string;
  account_id: string;
  member_id: string;
  /** the entry that created it */
  entry_id: string;
  original: number;
  remaining: number;
  expires_at: string | null;
  created_at: string;
}

/** Which lots an entry took from (negative) or gave back to (positive), so a reversal restores the same lots. */
export interface LedgerLotMovesTable {
  merchant_id: string;
  entry_id: string;
  lot_id: string;
  amount: number;
}

export type TopupStatus = 'pending_approval' | 'completed' | 'voided' | 'rejected';

export interface TopupRulesTable {
  merchant_id: string;
  id: string;
  name: string;
  /** null = every store of the merchant */
  store_id: string | null;
  starts_on: string | null;
  ends_on: string | null;
  /** JSON TopupTier[] */
  tiers: string;
  per_every: number;
  /** bonus credited in this many monthly parts instead of at once; null = at once */
  installment_months: number | null;
  status: 'active' | 'archived';
  created_at: string;
  updated_at: string;
}

export interface TopupsTable {
  merchant_id: string;
  id: string;
  doc_no: string;
  store_id: string;
  /** names as printed on the receipt, kept as they were */
  store_name: string;
  till_id: string | null;
  member_id: string;
  member_name: string;
  card_id: string;
  card_no: string;
  principal_fen: number;
  bonus_fen: number;
  points: number;
  rule_id: string | null;
  rule_name: string;
  installment_months: number | null;
  /** JSON Tender[] */
  tenders: string;
  /** the cashier's note, printed on the receipt */
  note: string;
  status: TopupStatus;
  business_day: string;
  created_by: string | null;
  created_by_name: string;
  approved_by: string | null;
  approved_by_name: string | null;
  approved_at: string | null;
  closed_reason: string;
  closed_by: string | null;
  closed_at: string | null;
  txn_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface TopupInstallmentsTable {
  merchant_id: string;
  id: string;
  topup_id: string;
  member_id: string;
  seq: number;
  due_on: string;
  amount_fen: number;
  status: 'pending' | 'credited' | 'cancelled';
  txn_id: string | null;
  updated_at: string;
}

/** 会员卡转账 and 退卡 documents. */
export interface WalletTransfersTable {
  merchant_id: string;
  id: string;
  doc_no: string;
  store_id: string;
  from_member_id: string;
  to_member_id: string;
  principal_fen: number;
  bonus_fen: number;
  points: number;
  reason: string;
  txn_id: string;
  created_by: string | null;
  created_at: string;
}

export interface CardRefundsTable {
  merchant_id: string;
  id: string;
  doc_no: string;
  store_id: string;
  member_id: string;
  card_id: string;
  refund_fen: number;
  forfeited_bonus_fen: number;
  method: string;
  reference: string;
  reason: string;
  /** null when there was nothing to refund or forfeit */
  txn_id: string | null;
  created_by: string | null;
  created_at: string;
}

export interface CardAnnualFeesTable {
  merchant_id: string;
  id: string;
  member_id: string;
  card_id: string;
  due_on: string;
  amount_fen: number;
  status: 'due' | 'paid' | 'waived';
  paid_via: string | null;
  txn_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface PointsImportsTable {
  merchant_id: string;
  id: string;
  file_name: string;
  total_rows: number;
  total_points: number;
  txn_id: string;
  created_by: string | null;
  created_at: string;
}

export interface WalletTables {
  ledger_accounts: LedgerAccountsTable;
  ledger_txns: LedgerTxnsTable;
  ledger_entries: LedgerEntriesTable;
  ledger_lots: LedgerLotsTable;
  ledger_lot_moves: LedgerLotMovesTable;
  topup_rules: TopupRulesTable;
  topups: TopupsTable;
  topup_installments: TopupInstallmentsTable;
  wallet_transfers: WalletTransfersTable;
  card_refunds: CardRefundsTable;
  card_annual_fees: CardAnnualFeesTable;
  points_imports: PointsImportsTable;
}
