import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { AppError } from '../../kernel/errors';
import { newId } from '../../kernel/ids';
import type { ItemRunner, WriteScope } from '../../platform/write';
import { ledgerRepository as repo, type AccountRow, type LotRow } from './ledger.repository';
import { WalletErrors } from './wallet.errors';
import type { MemberAccountKind } from './wallet.tables';

type Exec = Kysely<Database>;

export interface AccountRef {
  asset: string;
  code: string;
  /** member accounts are cached, never negative and hold lots; the others are the merchant's counter-accounts */
  memberId: string | null;
  kind: MemberAccountKind | 'system';
  label: string;
}

export const CNY = 'CNY';
export const POINTS = 'POINTS';
export const usesAsset = (itemId: string) => `USES:${itemId}`;

/** Every account the wallet posts to, named once. */
export const Accounts = {
  principal: (memberId: string): AccountRef => ({ asset: CNY, code: `member:${memberId}:sv_principal`, memberId, kind: 'sv_principal', label: '储值本金' }),
  bonus: (memberId: string): AccountRef => ({ asset: CNY, code: `member:${memberId}:sv_bonus`, memberId, kind: 'sv_bonus', label: '赠送金额' }),
  points: (memberId: string): AccountRef => ({ asset: POINTS, code: `member:${memberId}:points`, memberId, kind: 'points', label: '积分' }),
  uses: (memberId: string, itemId: string, itemName: string): AccountRef => ({ asset: usesAsset(itemId), code: `member:${memberId}:uses`, memberId, kind: 'uses', label: itemName }),
  /** a store's counter-account, e.g. tender:cash (money received), bonus_expense, refunds:cash */
  store: (storeId: string, name: string, asset = CNY): AccountRef => ({ asset, code: `store:${storeId}:${name}`, memberId: null, kind: 'system', label: name }),
  merchant: (name: string, asset: string): AccountRef => ({ asset, code: `merchant:${name}`, memberId: null, kind: 'system', label: name }),
};

/** The reference of an account already open. */
export function refOf(row: AccountRow): AccountRef {
  return { asset: row.asset, code: row.code, memberId: row.member_id, kind: row.kind, label: row.label };
}

export interface Posting {
  from: AccountRef;
  to: AccountRef;
  amount: number;
  /** expiry of the lot a credit to a member account creates */
  expiresAt?: string | null;
  /** the credit's lots keep the expiry of the lots the debit took (transfers) */
  keepExpiry?: boolean;
  /** the debit takes only from this lot, expired or not (the expiry job) */
  fromLotId?: string;
  /** the input field an insufficient balance is reported on */
  field?: string;
}

export interface TxnHeader {
  kind: string;
  docType: string;
  docId: string;
  docNo?: string | null;
  storeId?: string | null;
  memberId?: string | null;
  memo?: string;
  businessDay?: string | null;
}

export interface PostedEntry {
  id: string;
  accountCode: string;
  asset: string;
  memberId: string | null;
  amount: number;
  balanceAfter: number | null;
}

export interface PostedTxn {
  id: string;
  entries: PostedEntry[];
}

interface Taken {
  lotId: string;
  amount: number;
  expiresAt: string | null;
}

const INSUFFICIENT: Record<string, string> = { [CNY]: WalletErrors.WALLET_INSUFFICIENT_FUNDS, [POINTS]: WalletErrors.WALLET_INSUFFICIENT_POINTS };
const insufficient = (asset: string, field?: string) =>
  new AppError(INSUFFICIENT[asset] ?? WalletErrors.WALLET_INSUFFICIENT_USES, { field });

/**
 * The append-only ledger. Flows compose it inside their own transaction (`w.tx`): a posting
 * either lands whole with every cached balance and lot, or not at all.
 */
export class Ledger {
  constructor(private readonly db: Exec) {}

  async post(w: WriteScope, header: TxnHeader, postings: readonly Posting[]): Promise<PostedTxn> {
    for (const p of postings) {
      if (!Number.isSafeInteger(p.amount) || p.amount <= 0) throw new RangeError(`posting amount must be a positive integer, got ${p.amount}`);
      if (p.from.asset !== p.to.asset || p.from.code === p.to.code) throw new RangeError('a posting moves one asset between two accounts');
    }
    const accounts = await this.resolve(w, postings);
    const txnId = await this.open(w, header, null, [...accounts.values()]);
    const posted: PostedEntry[] = [];
    let seq = 0;
    for (const p of postings) {
      const from = accounts.get(key(p.from))!;
      const to = accounts.get(key(p.to))!;
      const debit = await this.apply(w, txnId, seq++, from, -p.amount, { fromLotId: p.fromLotId, field: p.field });
      const credit = await this.apply(w, txnId, seq++, to, p.amount, {
        newLots: p.keepExpiry ? debit.taken.map((t) => ({ amount: t.amount, expiresAt: t.expiresAt })) : [{ amount: p.amount, expiresAt: p.expiresAt ?? null }],
      });
      posted.push(debit.entry, credit.entry);
    }
    return { id: txnId, entries: posted };
  }

  /**
   * A compensating transaction: every entry of `txnId` negated. A credit is taken back from the
   * very lots it created (refused when they were used); a debit gives back to the lots it took.
   */
  async reverse(w: WriteScope, txnId: string, header: TxnHeader): Promise<PostedTxn> {
    const m = w.actor.merchantId;
    const entries = await repo.entriesOfTxn(w.tx, m, txnId);
    if (entries.length === 0) throw new RangeError(`no ledger transaction ${txnId}`);
    const accountIds = [...new Set(entries.map((e) => e.account_id))];
    const rows = await w.tx.selectFrom('ledger_accounts').selectAll().where('merchant_id', '=', m).where('id', 'in', accountIds).execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    const reversalId = await this.open(w, header, txnId, rows);
    const [createdLots, moves] = await Promise.all([repo.lotsOfEntries(w.tx, m, entries.map((e) => e.id)), repo.lotMovesOfEntries(w.tx, m, entries.map((e) => e.id))]);
    const posted: PostedEntry[] = [];
    let seq = 0;
    for (const e of entries) {
      const account = byId.get(e.account_id)!;
      if (e.amount > 0) {
        // a credit is taken back from where it went: the lots it created, or the lots it gave back to (a reversal of a debit)
        const restored = moves.filter((mv) => mv.entry_id === e.id && mv.amount > 0).map((mv) => ({ lotId: mv.lot_id, amount: mv.amount }));
        const lots = createdLots.filter((l) => l.entry_id === e.id);
        if (account.member_id && restored.length === 0 && lots.reduce((s, l) => s + l.remaining, 0) < e.amount) throw new AppError(WalletErrors.WALLET_REVERSAL_BLOCKED);
        posted.push((await this.apply(w, reversalId, seq++, account, -e.amount, restored.length ? { exactLots: restored } : { fromLots: lots })).entry);
      } else {
        const restore = moves.filter((mv) => mv.entry_id === e.id).map((mv) => ({ lotId: mv.lot_id, amount: -mv.amount }));
        posted.push((await this.apply(w, reversalId, seq++, account, -e.amount, { restore })).entry);
      }
    }
    return { id: reversalId, entries: posted };
  }

  /** Cached balances of a member's accounts; with `lock`, held for the rest of the transaction. */
  async memberAccounts(exec: Exec, merchantId: string, memberId: string, lock = false): Promise<AccountRow[]> {
    if (lock) await this.lockMembers(exec, merchantId, [memberId]);
    return repo.memberAccounts(exec, merchantId, memberId);
  }

  /** Locks every account of these members at once, in id order, so two flows over the same members (A→B, B→A) queue instead of deadlocking. */
  async lockMembers(exec: Exec, merchantId: string, memberIds: string[]) {
    if (memberIds.length === 0) return;
    const rows = await repo.accountsOfMembers(exec, merchantId, memberIds);
    await repo.lockAccounts(exec, merchantId, rows.map((r) => r.id));
  }

  /**
   * Scheduled: what is left of each expired lot leaves the member's account for the merchant's
   * `expired` account, one transaction per lot (re-checked under the account lock, so two servers
   * running the job expire nothing twice).
   */
  async expireLots(run: ItemRunner, now: Date) {
    let expired = 0;
    const failed = new Set<string>();
    for (;;) {
      const lots = (await repo.expiredLots(this.db, now.toISOString(), 200 + failed.size)).filter((l) => !failed.has(l.id));
      if (lots.length === 0) return expired;
      for (const lot of lots) {
        const ok = await run(lot.merchant_id, async (w) => {
          const account = await repo.findAccount(w.tx, lot.merchant_id, lot.account_id);
          if (!account) return;
          await repo.lockAccounts(w.tx, lot.merchant_id, [account.id]);
          const [fresh] = await repo.lotsByIds(w.tx, lot.merchant_id, [lot.id]);
          if (!fresh || fresh.remaining <= 0) return;
          await this.post(w, { kind: 'expire', docType: 'lot', docId: newId(), memberId: lot.member_id, memo: lot.id }, [
            { from: refOf(account), to: Accounts.merchant('expired', account.asset), amount: fresh.remaining, fromLotId: lot.id },
          ]);
          expired++;
        });
        if (!ok) failed.add(lot.id);
      }
    }
  }

  /** The transaction a document posted under one kind, if any. */
  txnOfDoc(exec: Exec, merchantId: string, docType: string, docId: string, kind: string) {
    return repo.findTxnOfDoc(exec, merchantId, docType, docId, kind);
  }

  /** The lots a transaction's credits created (what a sale gave, for its refund). */
  async lotsCreatedBy(exec: Exec, merchantId: string, txnId: string): Promise<LotRow[]> {
    const entries = await repo.entriesOfTxn(exec, merchantId, txnId);
    return repo.lotsOfEntries(exec, merchantId, entries.map((e) => e.id));
  }

  liveLots(exec: Exec, merchantId: string, memberId: string): Promise<LotRow[]> {
    return repo.liveLotsOfMember(exec, merchantId, memberId);
  }

  /** Finds or opens every account the postings touch; a debit from a member account that was never opened is simply insufficient. */
  private async resolve(w: WriteScope, postings: readonly Posting[]) {
    const m = w.actor.merchantId;
    const refs = new Map<string, AccountRef>();
    for (const p of postings) {
      refs.set(key(p.from), p.from);
      refs.set(key(p.to), p.to);
    }
    const found = new Map<string, AccountRow>();
    const load = async () => {
      for (const asset of new Set([...refs.values()].map((r) => r.asset))) {
        const codes = [...refs.values()].filter((r) => r.asset === asset).map((r) => r.code);
        for (const row of await repo.findAccounts(w.tx, m, asset, codes)) found.set(`${row.asset}|${row.code}`, row);
      }
    };
    await load();
    const debited = new Set(postings.map((p) => key(p.from)));
    const missing = [...refs.entries()].filter(([k]) => !found.has(k));
    for (const [k, ref] of missing) {
      if (ref.memberId && debited.has(k)) throw insufficient(ref.asset, postings.find((p) => key(p.from) === k)?.field);
      const at = w.now.toISOString();
      await repo.insertAccountIfMissing(w.tx, { merchant_id: m, id: newId(), asset: ref.asset, code: ref.code, member_id: ref.memberId, kind: ref.kind, label: ref.label, balance: 0, created_at: at, updated_at: at });
    }
    if (missing.length) await load();
    return found;
  }

  private async open(w: WriteScope, h: TxnHeader, reversesId: string | null, accounts: AccountRow[]) {
    const m = w.actor.merchantId;
    // every account of the members involved, in one ordered statement: a flow that posts several times never adds a lock out of order later
    await this.lockMembers(w.tx, m, [...new Set(accounts.flatMap((a) => (a.member_id ? [a.member_id] : [])))]);
    if (reversesId && (await repo.findReversal(w.tx, m, reversesId))) throw new AppError(WalletErrors.WALLET_ALREADY_REVERSED);
    const id = newId();
    await repo.insertTxn(w.tx, {
      merchant_id: m,
      id,
      kind: h.kind,
      doc_type: h.docType,
      doc_id: h.docId,
      doc_no: h.docNo ?? null,
      store_id: h.storeId ?? w.actor.storeId,
      member_id: h.memberId ?? null,
      staff_id: w.actor.staffId,
      staff_name: w.actor.staffName,
      memo: h.memo ?? '',
      reverses_id: reversesId,
      business_day: h.businessDay ?? null,
      created_at: w.now.toISOString(),
    });
    return id;
  }

  /** One entry on one account: the cached balance, the lots, and the entry row with balance_after. */
  private async apply(
    w: WriteScope,
    txnId: string,
    seq: number,
    account: AccountRow,
    amount: number,
    how: { fromLotId?: string; fromLots?: LotRow[]; exactLots?: { lotId: string; amount: number }[]; field?: string; newLots?: { amount: number; expiresAt: string | null }[]; restore?: { lotId: string; amount: number }[] },
  ): Promise<{ entry: PostedEntry; taken: Taken[] }> {
    const m = w.actor.merchantId;
    const at = w.now.toISOString();
    const entryId = newId();
    let balanceAfter: number | null = null;
    let taken: Taken[] = [];
    const lotMoves: { lotId: string; amount: number }[] = [];
    if (account.member_id) {
      balanceAfter = (await repo.addToBalance(w.tx, m, account.id, amount, at)) ?? null;
      if (balanceAfter === null) throw insufficient(account.asset, how.field);
      if (amount < 0) {
        taken = await this.take(w, account, -amount, how);
        for (const t of taken) lotMoves.push({ lotId: t.lotId, amount: -t.amount });
      } else if (how.restore) {
        for (const r of how.restore) {
          await repo.moveLot(w.tx, m, r.lotId, r.amount);
          lotMoves.push(r);
        }
      }
    }
    await repo.insertEntries(w.tx, [{ merchant_id: m, id: entryId, txn_id: txnId, seq, asset: account.asset, account_id: account.id, member_id: account.member_id, amount, balance_after: balanceAfter, created_at: at }]);
    if (account.member_id && amount > 0 && !how.restore) {
      await repo.insertLots(
        w.tx,
        (how.newLots ?? []).map((l) => ({ merchant_id: m, id: newId(), account_id: account.id, member_id: account.member_id!, entry_id: entryId, original: l.amount, remaining: l.amount, expires_at: l.expiresAt, created_at: at })),
      );
    }
    await repo.insertLotMoves(w.tx, lotMoves.map((mv) => ({ merchant_id: m, entry_id: entryId, lot_id: mv.lotId, amount: mv.amount })));
    return { entry: { id: entryId, accountCode: account.code, asset: account.asset, memberId: account.member_id, amount, balanceAfter }, taken };
  }

  /** Takes `amount` from lots: the given ones, or the spendable ones soonest-expiring first. */
  private async take(w: WriteScope, account: AccountRow, amount: number, how: { fromLotId?: string; fromLots?: LotRow[]; exactLots?: { lotId: string; amount: number }[]; field?: string }): Promise<Taken[]> {
    const m = w.actor.merchantId;
    if (how.exactLots) {
      // exactly these amounts from exactly these lots, or not at all: they were used in the meantime
      const lots = await repo.lotsByIds(w.tx, m, how.exactLots.map((x) => x.lotId));
      for (const x of how.exactLots) {
        if (!(await repo.moveLot(w.tx, m, x.lotId, -x.amount))) throw new AppError(WalletErrors.WALLET_REVERSAL_BLOCKED);
      }
      return how.exactLots.map((x) => ({ lotId: x.lotId, amount: x.amount, expiresAt: lots.find((l) => l.id === x.lotId)?.expires_at ?? null }));
    }
    const lots = how.fromLots ?? (how.fromLotId ? await repo.lotsByIds(w.tx, m, [how.fromLotId]) : await repo.spendableLots(w.tx, m, account.id, w.now.toISOString()));
    const taken: Taken[] = [];
    let left = amount;
    for (const lot of lots) {
      if (left === 0) break;
      const part = Math.min(left, lot.remaining);
      if (part <= 0) continue;
      if (!(await repo.moveLot(w.tx, m, lot.id, -part))) throw insufficient(account.asset, how.field);
      taken.push({ lotId: lot.id, amount: part, expiresAt: lot.expires_at });
      left -= part;
    }
    // the balance covered it but unexpired lots do not: expired credits cannot be spent
    if (left > 0) throw insufficient(account.asset, how.field);
    return taken;
  }
}

const key = (ref: AccountRef) => `${ref.asset}|${ref.code}`;
