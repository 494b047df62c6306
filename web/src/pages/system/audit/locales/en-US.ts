import type zhCN from './zh-CN';
import type { LocaleShape } from '../../../../app/i18n-types';

const enUS: LocaleShape<typeof zhCN> = {
  title: 'Audit log',
  subtitle: 'Every write in the system: who did what, when and where',
  at: 'Time',
  staff: 'Staff',
  action: 'Action',
  entityType: 'Entity type',
  entityId: 'Entity ID',
  store: 'Store',
  till: 'Till',
  ip: 'IP',
  timeRange: 'Time range',
  search: 'Search the summary',
  allStaff: 'All staff',
  allStores: 'All stores',
  field: 'Field',
  before: 'Before',
  after: 'After',
  noChanges: 'No change details were recorded',
  changedOnly: 'Changed fields only',
  exportName: 'audit-log',
  system: 'System',
};
export default enUS;
