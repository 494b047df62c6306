import { definePermissions } from '../../kernel/permissions';

export const CatalogPermissions = definePermissions(
  { code: 'catalog', name: { 'zh-CN': '商品与服务', 'en-US': 'Products & services' } },
  {
    'catalog.view': { 'zh-CN': '查看商品与分类', 'en-US': 'View products and categories' },
    'catalog.manage': { 'zh-CN': '管理商品、分类、会员价与特价，导入导出', 'en-US': 'Manage products, categories, member and special prices; import and export' },
    'catalog.store_prices': { 'zh-CN': '设置门店上下架与门店价', 'en-US': 'Set per-store availability and prices' },
  },
);
