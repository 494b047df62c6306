import { definePermissions } from '../../kernel/permissions';

export const GiftsPermissions = definePermissions(
  { code: 'gifts', name: { 'zh-CN': '礼品与积分兑换', 'en-US': 'Gifts & points redemption' } },
  {
    'gifts.view': { 'zh-CN': '查看礼品、分类与兑换记录', 'en-US': 'View gifts, categories and redemptions' },
    'gifts.manage': { 'zh-CN': '管理礼品与分类（积分价、库存、适用门店与等级）', 'en-US': 'Manage gifts and categories (points price, stock, stores and levels)' },
    'gifts.redeem': { 'zh-CN': '为会员兑换礼品', 'en-US': 'Redeem points for gifts for a member' },
    'gifts.void': { 'zh-CN': '撤销兑换（退回积分与库存）', 'en-US': 'Void a redemption (points and stock returned)' },
  },
);
