import { definePermissions } from '../../kernel/permissions';

export const WalletPermissions = definePermissions(
  { code: 'wallet', name: { 'zh-CN': '储值、积分与计次', 'en-US': 'Stored value, points & uses' } },
  {
    'wallet.view': { 'zh-CN': '查看余额与流水', 'en-US': 'View balances and statements' },
    'wallet.topup': { 'zh-CN': '充值', 'en-US': 'Top up' },
    'wallet.topup.void': { 'zh-CN': '撤销充值', 'en-US': 'Void top-ups' },
    'wallet.approve_large_topup': { 'zh-CN': '审批大额充值', 'en-US': 'Approve large top-ups' },
    'wallet.rules.manage': { 'zh-CN': '管理充值规则', 'en-US': 'Manage top-up rules' },
    'wallet.transfer': { 'zh-CN': '会员卡转账', 'en-US': 'Transfer between members' },
    'wallet.card_refund': { 'zh-CN': '退卡退款', 'en-US': 'Cancel cards with refund' },
    'wallet.annual_fee': { 'zh-CN': '收取或免除年费', 'en-US': 'Collect or waive annual fees' },
    'points.adjust': { 'zh-CN': '手工调整积分', 'en-US': 'Adjust points by hand' },
    'points.import': { 'zh-CN': '导入期初积分', 'en-US': 'Import opening points' },
  },
);
