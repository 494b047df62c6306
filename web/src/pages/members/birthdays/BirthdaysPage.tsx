import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../../app/api';
import { byId, useAllStores, useMemberLevels } from '../../../app/lookups';
import { MEMBERS_KEY } from '../../../app/members';
import { PageContainer } from '../../../app/components/PageContainer';
import { ExportCsvButton } from '../../../app/table';

interface BirthdayItem {
  memberId: string;
  name: string;
  phone: string | null;
  birthday: string;
  nextBirthday: string;
  daysAway: number;
  homeStoreId: string;
  levelId: string | null;
}

const DAY_OPTIONS = [0, 7, 30] as const;

export default function BirthdaysPage() {
  const { t } = useTranslation(['members.birthdays', 'common']);
  const nav = useNavigate();
  const { stores } = useAllStores();
  const levels = useMemberLevels();
  const storeMap = useMemo(() => byId(stores), [stores]);
  const levelMap = useMemo(() => byId(levels.data), [levels.data]);
  const [days, setDays] = useState<number>(7);
  const [storeId, setStoreId] = useState<string | undefined>();
  const q = useQuery({
    queryKey: [MEMBERS_KEY, 'birthdays', days, storeId],
    queryFn: () => api.get<{ items: BirthdayItem[] }>('/members/birthdays', { days, storeId }).then((r) => r.items),
  });

  const storeName = (id: string) => storeMap.get(id)?.name ?? '';
  const levelName = (id: string | null) => (id ? (levelMap.get(id)?.name ?? '') : '');
  const daysText = (n: number) => (n === 0 ? t('today') : t('inDays', { count: n }));

  const columns: TableColumnsType<BirthdayItem> = [
    { title: t('name'), dataIndex: 'name', key: 'name', width: 140, render: (v: string) => <Typography.Link>{v}</Typography.Link> },
    { title: t('phone'), dataIndex: 'phone', key: 'phone', width: 140, render: (v: string | null) => v || '—' },
    { title: t('birthday'), dataIndex: 'birthday', key: 'birthday', width: 120 },
    { title: t('nextBirthday'), dataIndex: 'nextBirthday', key: 'nextBirthday', width: 120 },
    {
      title: t('daysAway'),
      dataIndex: 'daysAway',
      key: 'daysAway',
      width: 110,
      render: (n: number) => <Tag color={n === 0 ? 'red' : n <= 3 ? 'orange' : 'blue'}>{daysText(n)}</Tag>,
    },
    { title: t('store'), dataIndex: 'homeStoreId', key: 'homeStoreId', width: 180, render: (id: string) => storeName(id) || '—' },
    { title: t('level'), dataIndex: 'levelId', key: 'levelId', width: 120, render: (id: string | null) => levelName(id) || '—' },
  ];

  return (
    <PageContainer
      title={t('title')}
      subTitle={t('subtitle')}
      extra={
        <ExportCsvButton<BirthdayItem>
          rows={q.data ?? []}
          filename={t('exportName')}
          columns={[
            { title: t('name'), value: (r) => r.name },
            { title: t('phone'), value: (r) => r.phone },
            { title: t('birthday'), value: (r) => r.birthday },
            { title: t('nextBirthday'), value: (r) => r.nextBirthday },
            { title: t('daysAway'), value: (r) => r.daysAway },
            { title: t('store'), value: (r) => storeName(r.homeStoreId) },
            { title: t('level'), value: (r) => levelName(r.levelId) },
          ]}
        />
      }
    >
      <Space className="table-toolbar" wrap>
        <Segmented<number>
          data-testid="birthday-days"
          value={days}
          onChange={setDays}
          options={DAY_OPTIONS.map((d) => ({ value: d, label: d === 0 ? t('today') : t('nextDays', { count: d }) }))}
        />
        <Select
          allowClear
          aria-label={t('store')}
          placeholder={t('allStores')}
          style={{ width: 200 }}
          showSearch={{ optionFilterProp: 'label' }}
          value={storeId}
          onChange={setStoreId}
          options={stores.map((s) => ({ value: s.id, label: s.name }))}
        />
        <Button icon={<ReloadOutlined />} aria-label={t('common:actions.refresh')} onClick={() => void q.refetch()} />
      </Space>
      <Table<BirthdayItem>
        rowKey="memberId"
        columns={columns}
        dataSource={q.data ?? []}
        loading={q.isFetching}
        pagination={{ pageSize: 50, showTotal: (n) => t('common:table.total', { total: n }) }}
        scroll={{ x: 950 }}
        onRow={(r) => ({ onClick: () => nav(`/members/${r.memberId}`), style: { cursor: 'pointer' } })}
      />
    </PageContainer>
  );
}
