import { defineErrors } from '../../kernel/errors';

export const GiftsErrors = defineErrors({
  GIFT_NOT_FOUND: { status: 404, message: { 'zh-CN': '礼品不存在', 'en-US': 'Gift not found' } },
  GIFT_CATEGORY_NOT_FOUND: { status: 404, message: { 'zh-CN': '礼品分类不存在', 'en-US': 'Gift category not found' } },
  GIFT_CATEGORY_ARCHIVED: { status: 409, message: { 'zh-CN': '该礼品分类已停用', 'en-US': 'This gift category is archived' } },
  GIFT_ARCHIVED: { status: 409, message: { 'zh-CN': '礼品“{name}”已下架', 'en-US': 'The gift “{name}” is archived' } },
  GIFT_OUT_OF_STOCK: { status: 409, message: { 'zh-CN': '礼品“{name}”库存不足（剩余 {stock}）', 'en-US': 'Not enough stock of “{name}” ({stock} left)' } },
  GIFT_NOT_AT_STORE: { status: 409, message: { 'zh-CN': '礼品“{name}”不能在本店兑换', 'en-US': 'The gift “{name}” cannot be redeemed at this store' } },
  GIFT_LEVEL_NOT_ALLOWED: { status: 409, message: { 'zh-CN': '该会员的等级不能兑换礼品“{name}”', 'en-US': 'The member’s level may not redeem “{name}”' } },
  GIFT_FIELD_REQUIRED: { status: 400, message: { 'zh-CN': '该类型的礼品须填写 {field}', 'en-US': '{field} is required for this kind of gift' } },
  GIFT_FIELD_FORBIDDEN: { status: 400, message: { 'zh-CN': '该类型的礼品不能填写 {field}', 'en-US': '{field} does not apply to this kind of gift' } },
  GIFT_SERVICE_INVALID: { status: 400, message: { 'zh-CN': '计次礼品须选择一个在售的服务项目', 'en-US': 'A uses gift needs an active service item' } },
  GIFT_STORE_NOT_FOUND: { status: 404, message: { 'zh-CN': '门店不存在', 'en-US': 'Store not found' } },
  GIFT_LEVEL_NOT_FOUND: { status: 404, message: { 'zh-CN': '会员等级不存在', 'en-US': 'Member level not found' } },
  GIFT_COUPON_TEMPLATE_NOT_FOUND: { status: 404, message: { 'zh-CN': '券模板不存在', 'en-US': 'Coupon template not found' } },
  GIFT_COUPON_TEMPLATE_ARCHIVED: { status: 409, message: { 'zh-CN': '该券模板已停用', 'en-US': 'This coupon template is archived' } },
  GIFT_COUPON_LIMIT_REACHED: {
    status: 409,
    message: { 'zh-CN': '该会员持有此券已达每人上限，不能再兑换', 'en-US': 'The member already holds as many of these coupons as one member may' },
  },
  GIFT_QUANTITY_TOO_LARGE: { status: 400, message: { 'zh-CN': '兑换数量过大', 'en-US': 'The quantity is too large' } },
  GIFT_REDEMPTION_NOT_FOUND: { status: 404, message: { 'zh-CN': '兑换记录不存在', 'en-US': 'Redemption not found' } },
  GIFT_REDEMPTION_ALREADY_VOIDED: { status: 409, message: { 'zh-CN': '该兑换已撤销', 'en-US': 'This redemption has already been voided' } },
  GIFT_REDEMPTION_VOID_BLOCKED: {
    status: 409,
    message: { 'zh-CN': '兑换所得的储值、次数或券已被使用，不能撤销', 'en-US': 'What this redemption gave (stored value, uses or coupons) has been used; it cannot be voided' },
  },
});
