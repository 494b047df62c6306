import { definePermissions } from '../../kernel/permissions';

export const CouponsPermissions = definePermissions(
  { code: 'coupons', name: { 'zh-CN': '电子券', 'en-US': 'Coupons' } },
  {
    'coupons.view': { 'zh-CN': '查看券模板、券与券效果', 'en-US': 'View coupon templates, coupons and their effectiveness' },
    'coupons.manage': { 'zh-CN': '管理券模板与自动发券规则', 'en-US': 'Manage coupon templates and automatic issuing rules' },
    'coupons.issue': { 'zh-CN': '发券（单发、批量、生成券码）与作废', 'en-US': 'Issue coupons (one, bulk, codes) and void them' },
  },
);
