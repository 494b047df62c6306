import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { App, Button, DatePicker, Descriptions, Drawer, Flex, Result, Segmented, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { PrinterOutlined, ReloadOutlined, RollbackOutlined, StopOutlined, UndoOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../app/api';
import { useAuth, useMe } from '../../../app/auth';
import { MEMBERS_KEY } from '../../../app/members';
import { formatFen } from '../../../app/money';
import { formatDateTime, formatNumber } from '../../../app/format';
import { PageContainer } from '../../../app/components/PageContainer';
import { ExportCsvButton, TableSearch, usePagination, useServerTable } from '../../../app/table';
import { AdjustmentList } from '../till/CartTable';
import { SaleReceipt, type PaperWidth } from '../till/Receipt';
import type { OrderKind } from '../till/checkout';
import { ORDERS_KEY, ORDER_KINDS, isVoided, remainingOf, type OrderDetail, type OrderDetailLine, type OrderListItem, type ReturnDoc } from './orders';
import { ReturnModal, type ReturnMode } from './ReturnModal';
import { RestoreModal } from './RestoreModal';

type Filters = { q?: string; from?: string; to?: string; storeId?: string; memberId?: string; kind?: OrderKind };
type Range = [Dayjs | null, Dayjs | null] | null;
const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : undefined);
const KIND_COLORS: Record<OrderKind, string> = { sale: 'blue', quick: 'cyan', uses: 'purple', points: 'gold' };
const RETURN_COLORS: Record<ReturnDoc['kind'], string> = { return: 'orange', void: 'red', restore: 'green' };
const PAPER_KEY = 'till.paperWidth';
const plainYuan = (fen: number) => formatFen(fen).replace(/[¥,]/g, '');

function KindTag({ kind }: { kind: OrderKind }) {
  const { t } = useTranslation('checkout.orders');
  return <Tag color={KIND_COLORS[kind]}>{t(`kinds.${kind}`)}</Tag>;
}

function initialPaper(): PaperWidth {
  try {
    return localStorage.getItem(PAPER_KEY) === '58' ? 58 : 80;
  } catch {
    return 80;
  }
}

function OrderDrawer({ id, onClose, onAction, onRestore }: { id: string | null; onClose: () => void; onAction: (o: OrderDetail, mode: ReturnMode) => void; onRestore: (o: OrderDetail) => void }) {
  const { t } = useTranslation(['checkout.orders', 'checkout.till', 'common']);
  const me = useMe();
  const { can } = useAuth();
  const [paper, setPaper] = useState<PaperWidth>(initialPaper);
  const q = useQuery({ queryKey: [ORDERS_KEY, 'one', id], queryFn: () => api.get<OrderDetail>(`${ORDERS_KEY}/${id}`), enabled: !!id });
  const o = q.data;
  // the API names the member with the order: no lookup of the member one by one
  const member = o?.memberId ? { name: o.memberName ?? '—', cardNo: null, levelName: null } : null;
  const storeName = (o && me.stores.find((s) => s.id === o.storeId)?.name) ?? '';
  const left = o ? o.lines.reduce((s, l) => s + remainingOf(l), 0) : 0;
  const method = (x: string) => t(`checkout.till:methods.${x}`, { defaultValue: x });
  const changePaper = (w: PaperWidth) => {
    setPaper(w);
    try {
      localStorage.setItem(PAPER_KEY, String(w));
    } catch {
      /* ignore */
    }
  };

  return (
    <Drawer
      open={!!id}
      onClose={onClose}
      size={720}
      destroyOnHidden
      title={o ? t('detailTitle', { docNo: o.docNo }) : t('detail')}
      extra={
        o ? (
          <Space className="no-print">
            <Segmented<PaperWidth>
              size="small"
              value={paper}
              onChange={changePaper}
              options={[
                { value: 58, label: '58 mm' },
                { value: 80, label: '80 mm' },
              ]}
              data-testid="order-paper"
            />
            <Button icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="order-reprint">
              {t('reprint')}
            </Button>
          </Space>
        ) : null
      }
      footer={
        o ? (
          <Flex gap={8} justify="end" className="no-print">
            {can('orders.return') && o.kind !== 'uses' ? (
              <Button icon={<RollbackOutlined />} disabled={left === 0} onClick={() => onAction(o, 'return')} data-testid="order-return">
                {t('return.button')}
              </Button>
            ) : null}
            {can('orders.void') && isVoided(o) ? (
              <Button type="primary" icon={<UndoOutlined />} onClick={() => onRestore(o)} data-testid="order-restore">
                {t('restore.button')}
              </Button>
            ) : null}
            {can('orders.void') ? (
              <Button danger icon={<StopOutlined />} disabled={left === 0} onClick={() => onAction(o, 'void')} data-testid="order-void">
                {t('void.button')}
              </Button>
            ) : null}
          </Flex>
        ) : null
      }
    >
      <div data-testid="order-drawer">
        {q.isPending ? (
          <Spin style={{ display: 'block', margin: '48px auto' }} />
        ) : q.isError || !o ? (
          <Result status="warning" title={t('loadFailed')} />
        ) : (
          <Flex vertical gap={16}>
            <Descriptions size="small" column={2} bordered className="no-print">
              <Descriptions.Item label={t('kind')}>
                <KindTag kind={o.kind} />
                {isVoided(o) ? <Tag color="red" data-testid="order-voided">{t('voided')}</Tag> : left === 0 ? <Tag color="red">{t('fullyReturned')}</Tag> : o.returns.length > 0 ? <Tag color="orange">{t('partlyReturned')}</Tag> : null}
              </Descriptions.Item>
              <Descriptions.Item label={t('createdAt')}>{formatDateTime(o.createdAt)}</Descriptions.Item>
              <Descriptions.Item label={t('store')}>{storeName || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('businessDay')}>{o.businessDay}</Descriptions.Item>
              <Descriptions.Item label={t('member')}>
                <span data-testid="order-member">{member ? member.name : t('walkIn')}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('cashier')}>{o.staffName}</Descriptions.Item>
              <Descriptions.Item label={t('total')}>
                <Typography.Text strong data-testid="order-total">
                  {formatFen(o.totalFen)}
                </Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('points')}>{formatNumber(o.pointsEarned)}</Descriptions.Item>
              {o.authorizedByName ? (
                <Descriptions.Item label={t('authorizedBy')} span={2}>
                  <span data-testid="order-authorized-by">{o.authorizedByName}</span>
                </Descriptions.Item>
              ) : null}
            </Descriptions>

            <div className="no-print">
              <Typography.Title level={5}>{t('lines.title')}</Typography.Title>
              <Table<OrderDetailLine>
                size="small"
                rowKey="seq"
                pagination={false}
                dataSource={o.lines}
                data-testid="order-lines"
                expandable={{
                  expandedRowRender: (l) => <AdjustmentList line={l} testId={`order-why-${l.seq}`} />,
                  rowExpandable: (l) => o.kind !== 'uses' && l.adjustments.length > 0,
                }}
                columns={[
                  { title: t('lines.name'), dataIndex: 'name', ellipsis: true },
                  { title: t('lines.qty'), dataIndex: 'quantity', width: 60, align: 'right' },
                  { title: t('lines.listPrice'), dataIndex: 'listUnitFen', width: 90, align: 'right', render: (v: number) => formatFen(v) },
                  { title: t('lines.unitPrice'), dataIndex: 'unitPriceFen', width: 90, align: 'right', render: (v: number) => formatFen(v) },
                  { title: t('lines.amount'), dataIndex: 'amountFen', width: 100, align: 'right', render: (v: number) => formatFen(v) },
                  {
                    title: t('lines.returned'),
                    dataIndex: 'returnedQuantity',
                    width: 70,
                    align: 'right',
                    render: (v: number, l) => (
                      <Typography.Text type={v > 0 ? 'danger' : 'secondary'} data-testid={`order-returned-${l.seq}`}>
                        {formatNumber(v)}
                      </Typography.Text>
                    ),
                  },
                ]}
              />
            </div>

            {o.payments.length > 0 ? (
              <div className="no-print">
                <Typography.Title level={5}>{t('payments.title')}</Typography.Title>
                <Table
                  size="small"
                  rowKey={(_, i) => String(i)}
                  pagination={false}
                  dataSource={o.payments}
                  columns={[
                    { title: t('payments.method'), key: 'method', render: (_, p) => (p.method === 'points' ? `${method(p.method)} (${formatNumber(p.points)})` : method(p.method)) },
                    { title: t('payments.amount'), dataIndex: 'amountFen', align: 'right', render: (v: number) => formatFen(v) },
                    {
                      title: t('payments.detail'),
                      key: 'detail',
                      render: (_, p) =>
                        p.method === 'stored_value'
                          ? t('plan.svSplit', { principal: formatFen(p.principalFen), bonus: formatFen(p.bonusFen) })
                          : p.method === 'cash' && p.receivedFen !== null
                            ? t('payments.cash', { received: formatFen(p.receivedFen), change: formatFen(p.changeFen) })
                            : p.reference || '',
                    },
                  ]}
                />
              </div>
            ) : null}

            {o.returns.length > 0 ? (
              <div className="no-print">
                <Typography.Title level={5}>{t('returns.title')}</Typography.Title>
                <Table<ReturnDoc>
                  size="small"
                  rowKey="id"
                  pagination={false}
                  dataSource={o.returns}
                  data-testid="order-returns"
                  columns={[
                    { title: t('returns.docNo'), dataIndex: 'docNo', width: 130 },
                    { title: t('returns.kind'), dataIndex: 'kind', width: 70, render: (k: ReturnDoc['kind']) => <Tag color={RETURN_COLORS[k]}>{t(`returns.kinds.${k}`)}</Tag> },
                    { title: t('createdAt'), dataIndex: 'createdAt', width: 150, render: (v: string) => formatDateTime(v) },
                    {
                      title: t('returns.what'),
                      key: 'what',
                      render: (_, r) => r.lines.map((x) => `${o.lines.find((l) => l.seq === x.seq)?.name ?? x.seq} × ${x.quantity}`).join('、'),
                    },
                    {
                      title: t('returns.refund'),
                      key: 'refund',
                      align: 'right',
                      render: (_, r) => (
                        <Flex vertical align="end">
                          <span>{formatFen(r.refundFen)}</span>
                          {r.payments.length ? (
                            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                              {r.payments.map((p) => `${method(p.method)} ${p.method === 'points' ? formatNumber(p.points) : formatFen(p.amountFen)}`).join(' / ')}
                            </Typography.Text>
                          ) : null}
                          {r.pointsClawback ? (
                            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                              {t('returns.clawback', { points: formatNumber(r.pointsClawback) })}
                            </Typography.Text>
                          ) : null}
                        </Flex>
                      ),
                    },
                    { title: t('returns.reason'), dataIndex: 'reason', ellipsis: true },
                    { title: t('cashier'), dataIndex: 'staffName', width: 80 },
                  ]}
                />
              </div>
            ) : null}

            <div>
              <Typography.Title level={5} className="no-print">
                {t('receipt')}
              </Typography.Title>
              <SaleReceipt order={{ ...o, balances: null }} width={paper} storeName={storeName} merchantName={me.merchant.name} member={member} reprint />
            </div>
          </Flex>
        )}
      </div>
    </Drawer>
  );
}

export default function OrdersPage() {
  const { t } = useTranslation(['checkout.orders', 'common']);
  const me = useMe();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [params] = useSearchParams();
  const table = useServerTable<OrderListItem, Filters>(ORDERS_KEY, { memberId: params.get('memberId') ?? undefined });
  const pagination = usePagination(table.query.data?.total, table.state.page, table.state.pageSize);
  const [range, setRange] = useState<Range>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const [action, setAction] = useState<{ order: OrderDetail; mode: ReturnMode } | null>(null);
  const [restoring, setRestoring] = useState<OrderDetail | null>(null);
  const items = table.query.data?.items ?? [];
  const storeName = (id: string) => me.stores.find((s) => s.id === id)?.name ?? '';
  const memberName = (r: OrderListItem) => (r.memberId ? (r.memberName ?? '—') : t('walkIn'));
  // the member filter's name: every row of the filtered list is that member's
  const filterMemberName = items.find((r) => r.memberId === table.state.filters.memberId)?.memberName ?? '…';

  const columns: TableColumnsType<OrderListItem> = [
    { title: t('docNo'), dataIndex: 'docNo', key: 'docNo', width: 150, fixed: 'left', render: (v: string) => <Typography.Link data-testid={`order-row-${v}`}>{v}</Typography.Link> },
    { title: t('createdAt'), dataIndex: 'createdAt', key: 'createdAt', width: 165, render: (v: string) => formatDateTime(v) },
    { title: t('kind'), dataIndex: 'kind', key: 'kind', width: 90, render: (k: OrderKind) => <KindTag kind={k} /> },
    { title: t('store'), dataIndex: 'storeId', key: 'store', width: 130, ellipsis: true, render: (v: string) => storeName(v) },
    { title: t('member'), dataIndex: 'memberName', key: 'member', width: 150, ellipsis: true, render: (_: string | null, r) => memberName(r) },
    { title: t('total'), dataIndex: 'totalFen', key: 'totalFen', width: 110, align: 'right', render: (v: number) => formatFen(v) },
    { title: t('points'), dataIndex: 'pointsEarned', key: 'pointsEarned', width: 80, align: 'right', render: (v: number) => formatNumber(v) },
    { title: t('cashier'), dataIndex: 'staffName', key: 'staffName', width: 100 },
  ];
  const csvColumns = [
    { title: t('docNo'), value: (r: OrderListItem) => r.docNo },
    { title: t('createdAt'), value: (r: OrderListItem) => formatDateTime(r.createdAt) },
    { title: t('businessDay'), value: (r: OrderListItem) => r.businessDay },
    { title: t('kind'), value: (r: OrderListItem) => t(`kinds.${r.kind}`) },
    { title: t('store'), value: (r: OrderListItem) => storeName(r.storeId) },
    { title: t('member'), value: (r: OrderListItem) => memberName(r) },
    { title: `${t('total')} (¥)`, value: (r: OrderListItem) => plainYuan(r.totalFen) },
    { title: t('points'), value: (r: OrderListItem) => r.pointsEarned },
    { title: t('cashier'), value: (r: OrderListItem) => r.staffName },
  ];

  const done = async (r: ReturnDoc) => {
    setAction(null);
    setRestoring(null);
    void message.success({ content: t(r.kind === 'restore' ? 'restore.done' : r.kind === 'void' ? 'void.done' : 'return.done', { docNo: r.docNo, amount: formatFen(r.refundFen) }), key: 'order-return' });
    await qc.invalidateQueries({ queryKey: [ORDERS_KEY] });
    await qc.invalidateQueries({ queryKey: [MEMBERS_KEY] });
  };

  return (
    <PageContainer title={t('title')} subTitle={t('subtitle')}>
      <Space className="table-toolbar" wrap>
        {table.state.filters.memberId ? (
          <Tag closable color="blue" onClose={() => table.setFilters({ memberId: undefined })}>
            {t('memberFilter', { name: filterMemberName })}
          </Tag>
        ) : null}
        <TableSearch value={table.state.filters.q} onSearch={(v) => table.setFilters({ q: v })} placeholder={t('searchDocNo')} testId="orders-search" autoFocus={params.get('focus') === 'search'} />
        <DatePicker.RangePicker
          aria-label={t('businessDay')}
          placeholder={[t('dateFrom'), t('dateTo')]}
          value={range}
          onChange={(r) => {
            setRange(r);
            table.setFilters({ from: day(r?.[0]), to: day(r?.[1]) });
          }}
          style={{ width: 250 }}
        />
        <Select
          allowClear
          aria-label={t('kind')}
          placeholder={t('allKinds')}
          style={{ width: 130 }}
          value={table.state.filters.kind}
          onChange={(v?: OrderKind) => table.setFilters({ kind: v })}
          options={ORDER_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
          data-testid="orders-kind"
        />
        {me.stores.length > 1 ? (
          <Select
            allowClear
            aria-label={t('store')}
            placeholder={t('allStores')}
            style={{ width: 160 }}
            value={table.state.filters.storeId}
            onChange={(v?: string) => table.setFilters({ storeId: v })}
            options={me.stores.map((s) => ({ value: s.id, label: s.name }))}
          />
        ) : null}
        <Button
          onClick={() => {
            setRange(null);
            table.setFilters({ q: undefined, from: undefined, to: undefined, storeId: undefined, kind: undefined });
          }}
        >
          {t('common:actions.reset')}
        </Button>
        <Button icon={<ReloadOutlined />} aria-label={t('common:actions.refresh')} onClick={() => void table.query.refetch()} />
        <ExportCsvButton<OrderListItem> path={ORDERS_KEY} query={table.params} filename={t('exportName')} columns={csvColumns} />
      </Space>
      <Table<OrderListItem>
        rowKey="id"
        size="middle"
        data-testid="orders-table"
        columns={columns}
        dataSource={items}
        loading={table.query.isFetching}
        pagination={pagination}
        onChange={table.onChange}
        scroll={{ x: 980 }}
        onRow={(r) => ({ onClick: () => setOpenId(r.id), style: { cursor: 'pointer' } })}
      />
      <OrderDrawer id={openId} onClose={() => setOpenId(null)} onAction={(o, mode) => setAction({ order: o, mode })} onRestore={setRestoring} />
      <RestoreModal order={restoring} onClose={() => setRestoring(null)} onDone={(r) => void done(r)} />
      <ReturnModal order={action?.order ?? null} mode={action?.mode ?? 'return'} onClose={() => setAction(null)} onDone={(r) => void done(r)} />
    </PageContainer>
  );
}
