import type zhCN from './zh-CN';
import type { LocaleShape } from '../../../../app/i18n-types';

const enUS: LocaleShape<typeof zhCN> = {
  title: 'Coupon effectiveness',
  subtitle: 'Per coupon and issuing channel: how many were issued and used, what they gave away and what they sold',
  range: 'Dates',
  rangeHelp: 'Issued counts by issue date; uses, discount and sales by the date of use',
  presets: { thisMonth: 'This month', lastMonth: 'Last month', last7: 'Last 7 days', last30: 'Last 30 days' },
  template: 'Template',
  allTemplates: 'All templates',
  store: 'Store',
  allStores: 'All stores',
  col: {
    template: 'Template',
    channel: 'Channel',
    issued: 'Issued',
    used: 'Used',
    useRate: 'Use rate',
    discount: 'Discount given',
    sales: 'Sales',
    cashIn: 'Cash in',
  },
  colHelp: {
    sales: 'Total of the orders that used a coupon',
    cashIn: 'What those orders took in cash, bank card, WeChat Pay and Alipay',
  },
  total: 'Total',
  cards: {
    issued: 'Issued',
    used: 'Used',
    useRate: 'Use rate',
    discount: 'Discount given',
    sales: 'Sales',
    roi: '¥{{ratio}} of sales per ¥1 of discount',
  },
  chart: 'Issued and used, per template',
  chartIssued: 'Issued',
  chartUsed: 'Used',
  chartEmpty: 'No coupons issued or used in these dates',
  exportName: 'coupon-effectiveness',
  print: 'Print',
  printedAt: 'Printed',
  empty: 'No data in these dates',
};
export default enUS;
