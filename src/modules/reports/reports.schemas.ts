import { z } from 'zod';
import { MAX_FEN } from '../../kernel/money';
import { pageResult, zFen, zId, zPaging } from '../../kernel/schemas';

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
