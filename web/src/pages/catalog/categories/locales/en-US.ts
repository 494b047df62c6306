import type zhCN from './zh-CN';
import type { LocaleShape } from '../../../../app/i18n-types';

const enUS: LocaleShape<typeof zhCN> = {
  title: 'Categories',
  subtitle: 'Categories of goods and services, two levels at most',
  newCategory: 'New category',
  editCategory: 'Edit category',
  code: 'Code',
  name: 'Name',
  parent: 'Parent',
  parentHelp: 'Leave empty for a top-level category; a parent must be top-level',
  parentLocked: 'This category has sub-categories and cannot get a parent',
  topLevel: 'Top level',
  sort: 'Sort order',
  sortHelp: 'Smaller numbers come first',
  productCount: 'Products',
  status: 'Status',
  statuses: { active: 'Active', archived: 'Archived' },
  archive: 'Archive',
  activate: 'Activate',
  archived: 'Category archived',
  activated: 'Category activated',
  onlyActive: 'Active only',
  includeArchived: 'Including archived',
};
export default enUS;
