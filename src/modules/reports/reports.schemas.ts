import { z } from 'zod';
import { MAX_FEN } from '../../kernel/money';
import { pageResult, zFen, zId, zIsoDate, zPaging } from '../../kernel/schemas';

const zAmount = z.coerce.number().int().min(0).max(MAX_FEN);

export const memberBalancesQuery = z.object({
  ...zPaging,
  order: zPaging.order.default('desc'),
  sort: z.enum(['storedValueFen', 'principalFen', 'bonusFen', 'points', 'name']).default('storedValueFen'),
  /** full phone, card number or part of the name */
  q: z.string().trim().min(1).max(64).optional(),
  storeId: zId.optional(),
  minStoredValueFen: zAmount.optional(),
  maxStoredValueFen: zAmount.optional(),
  minPoints: zAmount.optional(),
  maxPoints: zAmount.optional(),
});

export const memberBalance = z.object({
  memberId: zId,
  name: z.string(),
  phone: z.string().nullable(),
  homeStoreId: zId,
  storeName: z.string().nullable(),
  cardNo: z.string().nullable(),
  principalFen: zFen,
  bonusFen: zFen,
  storedValueFen: zFen,
  points: z.number().int(),
});
export const memberBalancesPage = pageResult(memberBalance).extend({
  /** over every member the filter matches, not only this page: what the chain owes its members */
  totals: z.object({ members: z.number().int(), principalFen: z.number().int(), bonusFen: z.number().int(), points: z.number().int() }),
});

// ---- day close (日结) and shift hand-over (交班) -------------------------------------------------

export const TENDER_METHODS = ['cash', 'bank_card', 'wechat', 'alipay', 'stored_value', 'points'] as const;
/** always listed (zeros included); any other kind found in the day's documents is listed after them */
export const PRODUCT_KINDS = ['goods', 'service', 'package', 'count_card', 'timed', 'quick'] as const;
export const ORDER_KINDS = ['sale', 'quick', 'uses'] as const;

const zInt = z.number().int();

export const dayCloseQuery = z.object({
  storeId: zId,
  /** the store's business day (its time zone and cut-off applied), YYYY-MM-DD; default: the store's current business day */
  day: zIsoDate.optional(),
});

export const shiftQuery = dayCloseQuery.extend({
  /** only documents rung up at this till (returns and 退卡 at the till recorded in their audit row) */
  tillId: zId.optional(),
  /** only documents of this cashier */
  staffId: zId.optional(),
});

export const shiftOptionsQuery = dayCloseQuery;

/** One tender: what sales took, returns gave back, top-ups took and 退卡 paid back, all in fen; net = sales − refunds + top-ups − card refunds. */
export const tenderLine = z.object({
  method: z.enum(TENDER_METHODS),
  salesCount: zInt,
  salesFen: zInt,
  refundFen: zInt,
  topupFen: zInt,
  cardRefundFen: zInt,
  /** salesFen − refundFen */
  salesNetFen: zInt,
  /** salesFen − refundFen + topupFen − cardRefundFen */
  netFen: zInt,
  /** the points method only: points taken in sales and given back by returns */
  salesPoints: zInt,
  refundPoints: zInt,
});

export const tenderTotals = z.object({
  salesFen: zInt,
  refundFen: zInt,
  topupFen: zInt,
  cardRefundFen: zInt,
  salesNetFen: zInt,
  netFen: zInt,
  /** net of the money tenders only (cash, bank card, WeChat Pay, Alipay): what came into the store's accounts */
  moneyNetFen: zInt,
});

/** The cash drawer: expected = cash sales − cash refunds + cash top-ups − cash 退卡. */
export const cashDrawer = z.object({
  /** cash handed over at the till, and change given back (salesFen = received − change) */
  receivedFen: zInt,
  changeFen: zInt,
  salesFen: zInt,
  refundFen: zInt,
  topupFen: zInt,
  cardRefundFen: zInt,
  expectedFen: zInt,
});

const documents = {
  sales: z.object({ count: zInt, totalFen: zInt }),
  returns: z.object({ count: zInt, restoreCount: zInt, goodsFen: zInt, refundFen: zInt }),
  topups: z.object({ count: zInt, principalFen: zInt, bonusFen: zInt, points: zInt }),
  cardRefunds: z.object({ count: zInt, refundFen: zInt, forfeitedBonusFen: zInt }),
};

export const dayCloseReport = z.object({
  storeId: zId,
  storeName: z.string(),
  day: z.string(),
  sales: z.object({
    count: zInt,
    /** list prices × quantities before any discount */
    subtotalFen: zInt,
    memberDiscountFen: zInt,
    /** 改价 / line discounts by hand */
    manualDiscountFen: zInt,
    /** the cashier's whole-order discount */
    orderDiscountFen: zInt,
    couponDiscountFen: zInt,
    /** 抹零 */
    roundingFen: zInt,
    /** what the customers paid: subtotal − every discount − rounding */
    totalFen: zInt,
  }),
  returns: z.object({
    /** returns and voids made at this store on this day, whatever day the sale was */
    count: zInt,
    returnCount: zInt,
    voidCount: zInt,
    /** 恢复 of a void: its amounts count negated in every sum below (the sale stands again) */
    restoreCount: zInt,
    /** what the returned goods were paid */
    goodsFen: zInt,
    /** what went back to the customers: goods − shortfall */
    refundFen: zInt,
    /** RULES R9: the cash value of clawed-back points the member no longer had, kept from the refund */
    shortfallFen: zInt,
    shortfallPoints: zInt,
  }),
  /** sales total − refunds: equals the sum of salesNetFen over the tenders */
  netSalesFen: zInt,
  tenders: z.array(tenderLine),
  tenderTotals,
  cash: cashDrawer,
  topups: z.object({ count: zInt, principalFen: zInt, bonusFen: zInt, points: zInt }),
  cardRefunds: z.object({ count: zInt, refundFen: zInt, forfeitedBonusFen: zInt }),
  points: z.object({
    /** earned by the day's sales */
    earned: zInt,
    /** used as payment in the day's sales */
    spent: zInt,
    /** spent points given back by the day's returns */
    returned: zInt,
    /** earned points taken back by the day's returns, the shortfall included */
    clawedBack: zInt,
    /** given with the day's top-ups */
    topupAwarded: zInt,
  }),
  orderKinds: z.array(z.object({ kind: z.string(), count: zInt, totalFen: zInt, returnCount: zInt, returnedGoodsFen: zInt, refundFen: zInt, netFen: zInt })),
  /** by the kind of product on each line (quick = a quick sale's amount line); returned = goods value of the day's return lines */
  productKinds: z.array(z.object({ kind: z.string(), lineCount: zInt, quantity: zInt, amountFen: zInt, returnedQuantity: zInt, returnedFen: zInt, netFen: zInt })),
});

export const shiftReport = z.object({
  storeId: zId,
  storeName: z.string(),
  day: z.string(),
  tillId: zId.nullable(),
  staffId: zId.nullable(),
  ...documents,
  tenders: z.array(tenderLine),
  tenderTotals,
  cash: cashDrawer,
});

export const shiftOptions = z.object({
  day: z.string(),
  tills: z.array(z.object({ id: zId, code: z.string(), name: z.string() })),
  /** staff who wrote a sale, return, top-up or 退卡 at the store that day */
  staff: z.array(z.object({ id: zId, name: z.string() })),
});

// ---- 券效果 coupon effectiveness ----
export const couponEffectivenessQuery = z.object({ from: zIsoDate, to: zIsoDate, templateId: zId.optional(), storeId: zId.optional() });
const effectivenessFigures = {
  issued: z.number().int(),
  used: z.number().int(),
  /** used / issued in basis points (0 when none were issued) */
  useRateBp: z.number().int(),
  discountFen: z.number().int(),
  /** totals of the orders that used a coupon, and what they brought in as cash, bank card or e-wallet */
  salesFen: z.number().int(),
  cashInFen: z.number().int(),
};
export const couponEffectivenessReport = z.object({
  rows: z.array(z.object({ templateId: zId, templateName: z.string(), channel: z.string(), ...effectivenessFigures })),
  totals: z.object(effectivenessFigures),
});
