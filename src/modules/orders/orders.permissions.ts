import { definePermissions } from '../../kernel/permissions';

export const OrdersPermissions = definePermissions(
  { code: 'checkout', name: { 'zh-CN': '收银', 'en-US': 'Till' } },
  {
    'checkout.sell': { 'zh-CN': '收银结账', 'en-US': 'Ring up and take payment' },
    'checkout.discount': { 'zh-CN': '手工改价与打折（不低于权限组的最低折扣）', 'en-US': 'Change prices and give discounts (down to the role’s limit)' },
    'orders.view': { 'zh-CN': '查看收银单据', 'en-US': 'View sales documents' },
    'orders.return': { 'zh-CN': '退货', 'en-US': 'Return items' },
    'orders.void': { 'zh-CN': '撤销与恢复整单', 'en-US': 'Void and restore whole orders' },
  },
);
