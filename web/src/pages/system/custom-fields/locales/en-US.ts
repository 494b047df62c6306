import type zhCN from './zh-CN';
import type { LocaleShape } from '../../../../app/i18n-types';

const enUS: LocaleShape<typeof zhCN> = {
  title: 'Custom fields',
  subtitle: 'Merchant-defined fields on member and staff profiles',
  entities: { member: 'Members', staff: 'Staff', product: 'Products' },
  newField: 'New field',
  editField: 'Edit field',
  key: 'Key',
  keyHelp: 'Values are stored under this key; it cannot change later',
  keyInvalid: 'Start with a lower-case letter; lower-case letters, digits and _ only, at most 32',
  label: 'Label',
  type: 'Type',
  types: { text: 'Text', number: 'Number', date: 'Date', single: 'Single choice', multi: 'Multiple choice' },
  options: 'Options',
  optionsHelp: 'Press Enter to add',
  optionsRequired: 'Choice fields need at least one option',
  required: 'Required',
  sort: 'Order',
  sortHelp: 'Lower numbers come first',
  status: 'Status',
  statuses: { active: 'Active', archived: 'Archived' },
  archive: 'Archive',
  restore: 'Restore',
  archived: 'Field archived',
  restored: 'Field restored',
};
export default enUS;
