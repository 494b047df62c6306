import type zhCN from './zh-CN';
import type { LocaleShape } from '../../../../app/i18n-types';

const enUS: LocaleShape<typeof zhCN> = {
  title: 'Staff levels',
  subtitle: 'Staff levels drive commission rules; a higher rank means a higher level',
  code: 'Level code',
  name: 'Level name',
  rank: 'Rank',
  rankHelp: 'A whole number; higher means a higher level',
  description: 'Description',
  newLevel: 'New level',
  editLevel: 'Edit level',
  exportName: 'staff-levels',
};
export default enUS;
