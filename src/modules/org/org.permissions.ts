import { definePermissions } from '../../kernel/permissions';

export const OrgPermissions = definePermissions(
  { code: 'org', name: { 'zh-CN': '组织', 'en-US': 'Organisation' } },
  {
    'org.regions.view': { 'zh-CN': '查看区域与城市', 'en-US': 'View regions & cities' },
    'org.regions.manage': { 'zh-CN': '管理区域与城市', 'en-US': 'Manage regions & cities' },
    'org.stores.view': { 'zh-CN': '查看门店', 'en-US': 'View stores' },
    'org.stores.manage': { 'zh-CN': '管理门店', 'en-US': 'Manage stores' },
    'org.tills.view': { 'zh-CN': '查看收银台', 'en-US': 'View tills' },
    'org.tills.manage': { 'zh-CN': '管理收银台', 'en-US': 'Manage tills' },
  },
);
