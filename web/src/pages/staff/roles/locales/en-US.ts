import type zhCN from './zh-CN';
import type { LocaleShape } from '../../../../app/i18n-types';

const enUS: LocaleShape<typeof zhCN> = {
  title: 'Roles',
  subtitle: 'A role sets what staff may do and which stores they may access',
  code: 'Role code',
  name: 'Role name',
  description: 'Description',
  dataScope: 'Data scope',
  scopes: {
    all: 'All stores',
    regions: 'Selected regions',
    stores: 'Selected stores',
    own_store: 'Own store only',
  },
  scopeRegions: 'Regions',
  scopeStores: 'Stores',
  permissions: 'Permissions',
  permissionCount: 'Permissions',
  staffCount: 'Staff',
  system: 'System',
  systemReadOnly: 'System roles cannot be changed',
  maxDiscount: 'Deepest discount allowed',
  maxDiscountHelp: 'The deepest discount staff with this role may give at the till, in 折 (8 = 20% off); leave empty for no limit',
  discountInvalid: 'Enter a value from 0.01 to 10 with at most 2 decimals',
  noLimit: 'No limit',
  zhe: '{{pct}}% off',
  zheSuffix: '/10',
  newRole: 'New role',
  editRole: 'Edit role',
  viewRole: 'View role',
  deleteDisabled: 'Staff still use this role; it cannot be deleted',
  selectAll: 'Select all',
  permissionsSelected: '{{count}} selected',
  exportName: 'roles',
};
export default enUS;
