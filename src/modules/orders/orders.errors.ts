import { defineErrors } from '../../kernel/errors';

export const OrdersErrors = defineErrors({
  ORDER_RETURN_INVALID: { status: 409, message: { 'zh-CN': '退货数量超过可退数量', 'en-US': 'More is being returned than is left on the order' } },
  ORDER_NOTHING_LEFT: { status: 409, message: { 'zh-CN': '该单据已全部退货或撤销', 'en-US': 'Everything on this order has already been returned' } },
  PARKED_ORDER_NOT_FOUND: { status: 404, message: { 'zh-CN': '挂单不存在或已被取走', 'en-US': 'This parked sale does not exist or was already resumed' } },
  TIMED_SESSION_NOT_OPEN: { status: 409, message: { 'zh-CN': '该计时已结束或不存在', 'en-US': 'This timed session is not running' } },
  TIMED_PRODUCT_REQUIRED: { status: 400, message: { 'zh-CN': '请选择计时类项目', 'en-US': 'Choose a time-billed service' } },
  ORDER_NOT_VOIDED: { status: 409, message: { 'zh-CN': '只有撤销后的单据才能恢复', 'en-US': 'Only a voided order can be restored' } },
  ORDER_RESTORE_BLOCKED: { status: 409, message: { 'zh-CN': '撤销时退回的储值、积分或次数已被使用，不能恢复', 'en-US': 'What the void gave back has since been used, so the order cannot be restored' } },
  CHECKOUT_NOT_FOR_POINTS: { status: 409, message: { 'zh-CN': '商品“{name}”不能用积分购买', 'en-US': '“{name}” cannot be bought with points' } },
  CHECKOUT_PAYMENT_REPEATED: { status: 400, message: { 'zh-CN': '储值和积分各只能作为一笔付款', 'en-US': 'Stored value and points can each be one payment only' } },
  ORDER_NOT_FOUND: { status: 404, message: { 'zh-CN': '单据不存在', 'en-US': 'Order not found' } },
  CHECKOUT_EMPTY: { status: 400, message: { 'zh-CN': '请添加商品或输入金额', 'en-US': 'Add items or enter an amount' } },
  CHECKOUT_PRODUCT_NOT_SELLABLE: { status: 409, message: { 'zh-CN': '商品“{name}”已下架或本店不售', 'en-US': '“{name}” is not for sale at this store' } },
  CHECKOUT_PRODUCT_KIND_UNSUPPORTED: { status: 400, message: { 'zh-CN': '此类商品（{kind}）暂不能在收银台直接销售', 'en-US': 'Products of kind {kind} cannot be sold this way yet' } },
  CHECKOUT_PAYMENTS_MISMATCH: { status: 400, message: { 'zh-CN': '收款合计（{paidYuan} 元）须等于应收（{totalYuan} 元）', 'en-US': 'Payments ({paidYuan}) must equal the amount due ({totalYuan})' } },
  CHECKOUT_CASH_SHORT: { status: 400, message: { 'zh-CN': '实收现金不能少于现金应付', 'en-US': 'Cash received is less than the cash due' } },
  CHECKOUT_MEMBER_REQUIRED: { status: 400, message: { 'zh-CN': '储值和积分支付需要会员', 'en-US': 'Stored value and points need a member' } },
  CHECKOUT_POINTS_OVER_LIMIT: { status: 409, message: { 'zh-CN': '本单最多可用 {maxPoints} 积分抵现', 'en-US': 'At most {maxPoints} points can pay this order' } },
  CHECKOUT_MANUAL_PRICE_INVALID: { status: 400, message: { 'zh-CN': '改价不能高于会员价', 'en-US': 'A changed price cannot be above the member price' } },
  CHECKOUT_DISCOUNT_FORBIDDEN: { status: 403, message: { 'zh-CN': '您没有手工改价或打折的权限', 'en-US': 'You may not change prices or give discounts' } },
  CHECKOUT_DISCOUNT_OVER_LIMIT: { status: 403, message: { 'zh-CN': '折扣低于您的权限（最低 {limitZhe} 折），请店长授权', 'en-US': 'This discount is deeper than you may give (down to {limitZhe}折); a manager must authorise it' } },
});
