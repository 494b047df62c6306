import { defineErrors } from '../../kernel/errors';

export const MembersErrors = defineErrors({
  MEMBER_NOT_FOUND: { status: 404, message: { 'zh-CN': '会员不存在', 'en-US': 'Member not found' } },
  MEMBER_PHONE_TAKEN: { status: 409, message: { 'zh-CN': '手机号 {phone} 已是会员', 'en-US': 'Phone {phone} already belongs to a member' } },
  MEMBER_BIRTHDAY_IN_FUTURE: { status: 400, message: { 'zh-CN': '生日不能晚于今天', 'en-US': 'The birthday cannot be in the future' } },
  MEMBER_REFERRER_NOT_FOUND: { status: 400, message: { 'zh-CN': '推荐人不存在', 'en-US': 'The referrer does not exist' } },
  MEMBER_ERASED: { status: 409, message: { 'zh-CN': '该会员的个人信息已删除', 'en-US': 'This member’s personal data has been erased' } },
  MEMBER_STORE_REQUIRED: { status: 400, message: { 'zh-CN': '请选择会员所属门店', 'en-US': 'Choose the member’s home store' } },
  MEMBER_PHOTO_INVALID: { status: 400, message: { 'zh-CN': '照片须为不超过 512KB 的 JPEG/PNG/WebP 图片', 'en-US': 'The photo must be a JPEG, PNG or WebP of at most 512 KB' } },
  MEMBER_LOOKUP_NO_MATCH: { status: 404, message: { 'zh-CN': '未找到该卡号、会员码或手机号对应的会员', 'en-US': 'No member has this card number, member code or phone' } },
  LEVEL_NOT_FOUND: { status: 404, message: { 'zh-CN': '会员等级不存在', 'en-US': 'Level not found' } },
  LEVEL_IN_USE: { status: 409, message: { 'zh-CN': '仍有会员或卡种使用该等级', 'en-US': 'Members or card types still use this level' } },
  CARD_TYPE_NOT_FOUND: { status: 404, message: { 'zh-CN': '卡种不存在', 'en-US': 'Card type not found' } },
  CARD_TYPE_DAYS_REQUIRED: { status: 400, message: { 'zh-CN': '按天计的卡种须填写有效天数', 'en-US': 'A card type valid for N days needs the number of days' } },
  CARD_NOT_FOUND: { status: 404, message: { 'zh-CN': '会员卡不存在', 'en-US': 'Card not found' } },
  CARD_NO_TAKEN: { status: 409, message: { 'zh-CN': '卡号 {cardNo} 已被使用过', 'en-US': 'Card number {cardNo} has been used before' } },
  CARD_NO_INVALID: { status: 400, message: { 'zh-CN': '卡号须为 4–32 位字母或数字', 'en-US': 'A card number is 4–32 letters or digits' } },
  MEMBER_HAS_CARD: { status: 409, message: { 'zh-CN': '该会员已有一张在用的会员卡', 'en-US': 'The member already holds a live card' } },
  CARD_STATUS_INVALID: {
    status: 409,
    message: { 'zh-CN': '会员卡当前状态（{status}）不能执行此操作', 'en-US': 'This cannot be done to a card that is {status}' },
  },
  CARD_LOST: { status: 409, message: { 'zh-CN': '会员卡已挂失，不能使用', 'en-US': 'The card is reported lost' } },
  CARD_FROZEN: { status: 409, message: { 'zh-CN': '会员卡已冻结，不能使用', 'en-US': 'The card is frozen' } },
  CARD_EXPIRED: { status: 409, message: { 'zh-CN': '会员卡已过期，请延期或充值后使用', 'en-US': 'The card has expired; extend it first' } },
  CARD_INACTIVE: { status: 409, message: { 'zh-CN': '该卡号已停用', 'en-US': 'This card number is no longer in use' } },
});
