import { Button, Dropdown } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { buildQuery, type QueryParams } from '../../../app/api';
import { useAuth } from '../../../app/auth';

/** The server-side export of the member list with the list's filters (every matching row, not just the page). */
export function exportMembersUrl(filters: QueryParams, format: 'xlsx' | 'csv'): string {
  const { page: _page, pageSize: _pageSize, ...rest } = filters;
  void _page;
  void _pageSize;
  return `/api/members/export${buildQuery({ ...rest, format })}`;
}

function download(url: string) {
  const a = document.createElement('a');
  a.href = url;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/** 导出 ▾ Excel / CSV; hidden without members.export. The file has the import template's columns. */
export function ExportMembersButton({ filters, disabled }: { filters: QueryParams; disabled?: boolean }) {
  const { t } = useTranslation('members.import');
  const { can } = useAuth();
  if (!can('members.export')) return null;
  return (
    <Dropdown
      disabled={disabled}
      menu={{
        items: [
          { key: 'xlsx', label: t('exportXlsx') },
          { key: 'csv', label: t('exportCsv') },
        ],
        onClick: ({ key }) => download(exportMembersUrl(filters, key === 'csv' ? 'csv' : 'xlsx')),
      }}
    >
      <Button icon={<DownloadOutlined />}>{t('export')}</Button>
    </Dropdown>
  );
}

export default ExportMembersButton;
