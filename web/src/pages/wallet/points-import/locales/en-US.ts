import type zhCN from './zh-CN';
import type { LocaleShape } from '../../../../app/i18n-types';

const enUS: LocaleShape<typeof zhCN> = {
  title: 'Import points',
  subtitle: 'Bring members’ opening points balances from the old system with a file: every row is checked first, and only a fully valid file can be imported',
  rulesTitle: 'What the file needs',
  rules: {
    member: 'Phone or card number: at least one per row, to find the member; when both are given they must belong to the same member',
    points: 'Points: a whole number from 1 to 1000000000000',
    expiresOn: 'Expires on (optional): YYYY-MM-DD, the points can be used to the end of that day; left empty, the merchant’s points expiry policy applies',
    note: 'Note (optional): at most 200 characters',
    limits: '.xlsx or .csv (UTF-8 or GBK), at most 20,000 rows per file; each member at most once per file',
  },
  template: 'Download CSV template',
  templateFile: 'points-import-template.csv',
  chooseFile: 'Choose file',
  chosen: 'Chosen: {{fileName}}',
  noFile: 'No file chosen yet',
  check: 'Check',
  import: 'Import',
  checkOk: 'All good: {{totalRows}} rows, {{members}} members, {{totalPoints}} points in total',
  checkOkHint: 'Click “Import” when this is right. The import is one transaction: all of it or nothing.',
  checkErrors: '{{errorRows}} rows have errors; nothing was imported. Fix the file and check it again',
  exportErrors: 'Export errors as CSV',
  errorsFile: 'points-import-errors',
  confirmTitle: 'Import these points?',
  confirmContent: '{{totalPoints}} points in total will be credited to {{members}} members (file: {{fileName}}). They go into the members’ points statements and cannot be undone.',
  imported: '{{totalRows}} rows imported, {{totalPoints}} points in total',
  row: 'Row',
  field: 'Column',
  reason: 'Problem',
  fields: { phone: 'Phone', cardNo: 'Card number', points: 'Points', expiresOn: 'Expires on', note: 'Note' },
  history: 'Imports',
  columns: { createdAt: 'Imported at', fileName: 'File', totalRows: 'Rows', totalPoints: 'Points', createdByName: 'By' },
};
export default enUS;
