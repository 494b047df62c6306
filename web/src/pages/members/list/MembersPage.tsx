import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button, DatePicker, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined, ReloadOutlined, UploadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../../app/auth';
import { byId, useAllStores, useMemberLevels } from '../../../app/lookups';
import { MEMBERS_KEY, type Member } from '../../../app/members';
import { PageContainer } from '../../../app/components/PageContainer';
import { CardStatusTag } from '../../../app/components/CardStatusTag';
import { TableSearch, sortOrderOf, usePagination, useServerTable } from '../../../app/table';
import { ExportMembersButton } from '../import/ExportMembersButton';
import { formatFen } from '../../../app/money';
import { formatDateTime } from '../../../app/format';
import { MemberForm } from './MemberForm';

type Filters = {
  q?: string;
  levelId?: string;
  storeId?: string;
  tag?: string;
  birthdayMonth?: number;
  registeredFrom?: string;
  registeredTo?: string;
  lastVisitFrom?: string;
  lastVisitTo?: string;
};

const MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
type Range = [Dayjs | null, Dayjs | null] | null;
const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : undefined);

export default function MembersPage() {
  const { t } = useTranslation(['members.list', 'common']);
  const { can } = useAuth();
  const nav = useNavigate();
  const { stores } = useAllStores();
  const levels = useMemberLevels();
  const storeMap = useMemo(() => byId(stores), [stores]);
  const levelMap = useMemo(() => byId(levels.data), [levels.data]);
  const table = useServerTable<Member, Filters>(MEMBERS_KEY, {});
  const pagination = usePagination(table.query.data?.total, table.state.page, table.state.pageSize);
  const [tagText, setTagText] = useState('');
  const [registered, setRegistered] = useState<Range>(null);
  const [lastVisit, setLastVisit] = useState<Range>(null);
  const [registering, setRegistering] = useState(false);

  const storeName = (id: string | null) => (id ? (storeMap.get(id)?.name ?? '') : '');
  const levelName = (id: string | null) => (id ? (levelMap.get(id)?.name ?? '') : '');

  const columns: TableColumnsType<Member> = [
    {
      title: t('name'),
      dataIndex: 'name',
      key: 'name',
      width: 140,
      fixed: 'left',
      sorter: true,
      sortOrder: sortOrderOf(table.state, 'name'),
      render: (v: string) => <Typography.Link>{v}</Typography.Link>,
    },
    { title: t('phone'), dataIndex: 'phone', key: 'phone', width: 130, render: (v: string | null) => v || '—' },
    {
      title: t('level'),
      dataIndex: 'levelId',
      key: 'levelId',
      width: 110,
      render: (id: string | null) => (id ? <Tag color="gold">{levelName(id)}</Tag> : '—'),
    },
    {
      title: t('card'),
      key: 'card',
      width: 210,
      render: (_, m) =>
        m.card ? (
          <Space size={4}>
            <Typography.Text code>{m.card.cardNo}</Typography.Text>
            <CardStatusTag status={m.card.status} />
          </Space>
        ) : (
          <CardStatusTag status={null} />
        ),
    },
    { title: t('homeStore'), dataIndex: 'homeStoreId', key: 'homeStoreId', width: 160, render: (id: string) => storeName(id) || '—' },
    {
      title: t('lifetimeSpend'),
      dataIndex: 'lifetimeSpendFen',
      key: 'lifetimeSpendFen',
      width: 130,
      align: 'right',
      sorter: true,
      sortOrder: sortOrderOf(table.state, 'lifetimeSpendFen'),
      render: (f: number) => formatFen(f),
    },
    {
      title: t('lastVisitAt'),
      dataIndex: 'lastVisitAt',
      key: 'lastVisitAt',
      width: 170,
      sorter: true,
      sortOrder: sortOrderOf(table.state, 'lastVisitAt'),
      render: (v: string | null) => (v ? formatDateTime(v) : t('neverVisited')),
    },
    {
      title: t('registeredAt'),
      dataIndex: 'createdAt',
      key: 'createdAt',
      width: 170,
      sorter: true,
      sortOrder: sortOrderOf(table.state, 'createdAt'),
      render: (v: string) => formatDateTime(v),
    },
  ];

  return (
    <PageContainer
      title={t('title')}
      subTitle={t('subtitle')}
      extra={
        <>
          {/* the server export has every matching row, in the import template's columns */}
          <ExportMembersButton filters={table.params} />
          {can('members.import') ? (
            <Button icon={<UploadOutlined />} onClick={() => nav('/members/import')} data-testid="member-import">
              {t('import')}
            </Button>
          ) : null}
          {can('members.create') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setRegistering(true)} data-testid="member-register">
              {t('register')}
            </Button>
          ) : null}
        </>
      }
    >
      <Space className="table-toolbar" wrap>
        <TableSearch value={table.state.filters.q} onSearch={(q) => table.setFilters({ q })} placeholder={t('search')} width={280} testId="member-search" />
        <Select
          allowClear
          aria-label={t('level')}
          placeholder={t('allLevels')}
          style={{ width: 130 }}
          value={table.state.filters.levelId}
          onChange={(v) => table.setFilters({ levelId: v })}
          options={(levels.data ?? []).map((l) => ({ value: l.id, label: l.name }))}
        />
        <Select
          allowClear
          aria-label={t('homeStore')}
          placeholder={t('allStores')}
          style={{ width: 180 }}
          showSearch={{ optionFilterProp: 'label' }}
          value={table.state.filters.storeId}
          onChange={(v) => table.setFilters({ storeId: v })}
          options={stores.map((s) => ({ value: s.id, label: s.name }))}
        />
        <Input.Search
          allowClear
          aria-label={t('tag')}
          placeholder={t('tag')}
          value={tagText}
          onChange={(e) => {
            setTagText(e.target.value);
            if (!e.target.value) table.setFilters({ tag: undefined });
          }}
          onSearch={(v) => table.setFilters({ tag: v.trim() || undefined })}
          style={{ width: 140 }}
        />
        <Select
          allowClear
          aria-label={t('birthdayMonth')}
          placeholder={t('birthdayMonth')}
          style={{ width: 120 }}
          value={table.state.filters.birthdayMonth}
          onChange={(v) => table.setFilters({ birthdayMonth: v })}
          options={MONTHS.map((m) => ({ value: m, label: t('month', { month: m }) }))}
        />
        <DatePicker.RangePicker
          aria-label={t('registeredRange')}
          placeholder={[t('registeredFrom'), t('registeredTo')]}
          value={registered}
          onChange={(r) => {
            setRegistered(r);
            table.setFilters({ registeredFrom: day(r?.[0]), registeredTo: day(r?.[1]) });
          }}
          style={{ width: 250 }}
        />
        <DatePicker.RangePicker
          aria-label={t('lastVisitRange')}
          placeholder={[t('lastVisitFrom'), t('lastVisitTo')]}
          value={lastVisit}
          onChange={(r) => {
            setLastVisit(r);
            table.setFilters({ lastVisitFrom: day(r?.[0]), lastVisitTo: day(r?.[1]) });
          }}
          style={{ width: 250 }}
        />
        <Button
          onClick={() => {
            setTagText('');
            setRegistered(null);
            setLastVisit(null);
            table.resetFilters();
          }}
        >
          {t('common:actions.reset')}
        </Button>
        <Button icon={<ReloadOutlined />} aria-label={t('common:actions.refresh')} onClick={() => void table.query.refetch()} />
      </Space>
      <Table<Member>
        rowKey="id"
        columns={columns}
        dataSource={table.query.data?.items ?? []}
        loading={table.query.isFetching}
        pagination={pagination}
        onChange={table.onChange}
        scroll={{ x: 1300 }}
        onRow={(m) => ({ onClick: () => nav(`/members/${m.id}`), style: { cursor: 'pointer' } })}
      />
      <MemberForm open={registering} onClose={() => setRegistering(false)} onSaved={(m) => nav(`/members/${m.id}`)} />
    </PageContainer>
  );
}
