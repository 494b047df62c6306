import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button, Card, Col, Input, InputNumber, Row, Select, Space, Statistic, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useAllStores } from '../../../app/lookups';
import { PageContainer } from '../../../app/components/PageContainer';
import { ExportCsvButton, TableSearch, sortOrderOf, usePagination, useServerTable } from '../../../app/table';
import { fenToYuan, formatFen, yuanToFen } from '../../../app/money';

const PATH = '/reports/member-balances';

interface Row {
  memberId: string;
  name: string;
  phone: string | null;
  storeName: string | null;
  cardNo: string | null;
  principalFen: number;
  bonusFen: number;
  storedValueFen: number;
  points: number;
}
interface Totals {
  members: number;
  principalFen: number;
  bonusFen: number;
  points: number;
}
type Filters = { q?: string; storeId?: string; minStoredValueFen?: number; maxStoredValueFen?: number; minPoints?: number; maxPoints?: number };

/** A yuan box that reports fen (or undefined when empty or not an amount). */
function YuanBound({ placeholder, onChange }: { placeholder: string; onChange: (fen: number | undefined) => void }) {
  const [text, setText] = useState('');
  const fen = text.trim() ? yuanToFen(text.trim()) : undefined;
  return (
    <Input
      allowClear
      style={{ width: 110 }}
      placeholder={placeholder}
      aria-label={placeholder}
      status={fen === null ? 'error' : undefined}
      value={text}
      onChange={(e) => setText(e.target.value)}
      onBlur={() => fen !== null && onChange(fen)}
      onPressEnter={() => fen !== null && onChange(fen)}
    />
  );
}

export default function BalancesPage() {
  const { t } = useTranslation(['wallet.balances', 'common']);
  const nav = useNavigate();
  const { stores } = useAllStores();
  const table = useServerTable<Row, Filters>(PATH, {});
  const pagination = usePagination(table.query.data?.total, table.state.page, table.state.pageSize);
  const totals = (table.query.data as { totals?: Totals } | undefined)?.totals;
  const [resetKey, setResetKey] = useState(0);

  const money = (key: 'principalFen' | 'bonusFen' | 'storedValueFen', title: string) => ({
    title,
    dataIndex: key,
    key,
    width: 130,
    align: 'right' as const,
    sorter: true,
    sortOrder: sortOrderOf(table.state, key),
    render: (v: number) => formatFen(v),
  });
  const columns: TableColumnsType<Row> = [
    { title: t('name'), dataIndex: 'name', key: 'name', width: 140, sorter: true, sortOrder: sortOrderOf(table.state, 'name'), render: (v: string) => <Typography.Link>{v}</Typography.Link> },
    { title: t('phone'), dataIndex: 'phone', key: 'phone', width: 130, render: (v: string | null) => v || '—' },
    { title: t('cardNo'), dataIndex: 'cardNo', key: 'cardNo', width: 170, render: (v: string | null) => (v ? <Typography.Text code>{v}</Typography.Text> : '—') },
    { title: t('homeStore'), dataIndex: 'storeName', key: 'storeName', width: 150, render: (v: string | null) => v || '—' },
    money('principalFen', t('principal')),
    money('bonusFen', t('bonus')),
    money('storedValueFen', t('storedValue')),
    { title: t('points'), dataIndex: 'points', key: 'points', width: 110, align: 'right', sorter: true, sortOrder: sortOrderOf(table.state, 'points') },
  ];
  const csvColumns = [
    { title: t('name'), value: (r: Row) => r.name },
    { title: t('phone'), value: (r: Row) => r.phone ?? '' },
    { title: t('cardNo'), value: (r: Row) => r.cardNo ?? '' },
    { title: t('homeStore'), value: (r: Row) => r.storeName ?? '' },
    // amounts as plain yuan numbers so spreadsheets can add them up
    { title: `${t('principal')} (¥)`, value: (r: Row) => fenToYuan(r.principalFen) },
    { title: `${t('bonus')} (¥)`, value: (r: Row) => fenToYuan(r.bonusFen) },
    { title: `${t('storedValue')} (¥)`, value: (r: Row) => fenToYuan(r.storedValueFen) },
    { title: t('points'), value: (r: Row) => String(r.points) },
  ];

  return (
    <PageContainer title={t('title')} subTitle={t('subtitle')}>
      <Row gutter={16} style={{ marginBottom: 16 }}>
        {[
          [t('members'), totals?.members ?? 0, false],
          [t('principal'), totals?.principalFen ?? 0, true],
          [t('bonus'), totals?.bonusFen ?? 0, true],
          [t('storedValue'), (totals?.principalFen ?? 0) + (totals?.bonusFen ?? 0), true],
          [t('points'), totals?.points ?? 0, false],
        ].map(([title, value, isMoney]) => (
          <Col key={String(title)} xs={12} md={8} lg={4}>
            <Card size="small">
              <Statistic title={String(title)} value={isMoney ? formatFen(value as number) : (value as number)} data-testid={`total-${String(title)}`} />
            </Card>
          </Col>
        ))}
      </Row>
      <Space className="table-toolbar" wrap key={resetKey}>
        <TableSearch value={table.state.filters.q} onSearch={(q) => table.setFilters({ q })} placeholder={t('search')} width={220} testId="balances-search" />
        <Select
          allowClear
          aria-label={t('homeStore')}
          placeholder={t('allStores')}
          style={{ width: 170 }}
          showSearch={{ optionFilterProp: 'label' }}
          value={table.state.filters.storeId}
          onChange={(v) => table.setFilters({ storeId: v })}
          options={stores.map((s) => ({ value: s.id, label: s.name }))}
        />
        <Space.Compact>
          <Button disabled>{t('storedValueRange')}</Button>
          <YuanBound placeholder={t('min')} onChange={(v) => table.setFilters({ minStoredValueFen: v })} />
          <YuanBound placeholder={t('max')} onChange={(v) => table.setFilters({ maxStoredValueFen: v })} />
        </Space.Compact>
        <Space.Compact>
          <Button disabled>{t('pointsRange')}</Button>
          <InputNumber min={0} precision={0} placeholder={t('min')} aria-label={`${t('pointsRange')} ${t('min')}`} style={{ width: 100 }} onChange={(v) => table.setFilters({ minPoints: v ?? undefined })} />
          <InputNumber min={0} precision={0} placeholder={t('max')} aria-label={`${t('pointsRange')} ${t('max')}`} style={{ width: 100 }} onChange={(v) => table.setFilters({ maxPoints: v ?? undefined })} />
        </Space.Compact>
        <Button
          onClick={() => {
            table.resetFilters();
            setResetKey((k) => k + 1);
          }}
        >
          {t('common:actions.reset')}
        </Button>
        <Button icon={<ReloadOutlined />} aria-label={t('common:actions.refresh')} onClick={() => void table.query.refetch()} />
        <ExportCsvButton<Row> path={PATH} query={table.params} filename={t('exportName')} columns={csvColumns} />
      </Space>
      <Table<Row>
        rowKey="memberId"
        columns={columns}
        dataSource={table.query.data?.items ?? []}
        loading={table.query.isFetching}
        pagination={pagination}
        onChange={table.onChange}
        scroll={{ x: 1100 }}
        onRow={(r) => ({ onClick: () => nav(`/members/${r.memberId}`), style: { cursor: 'pointer' } })}
      />
    </PageContainer>
  );
}
