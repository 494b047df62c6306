import { useState, type ReactNode } from 'react';
import { Alert, Button, Card, Col, DatePicker, Descriptions, Empty, Row, Select, Space, Spin, Statistic, Table, Tabs, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { PrinterOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../../app/api';
import { useMe } from '../../../app/auth';
import { useAllStores } from '../../../app/lookups';
import { formatDateTime } from '../../../app/format';
import { formatFen } from '../../../app/money';
import { PageContainer } from '../../../app/components/PageContainer';
import { BarChart } from '../../../app/components/BarChart';
import { usePrintReport } from '../usePrintReport';
import './day-close.css';

type Method = 'cash' | 'bank_card' | 'wechat' | 'alipay' | 'stored_value' | 'points';

interface TenderLine {
  method: Method;
  salesCount: number;
  salesFen: number;
  refundFen: number;
  topupFen: number;
  cardRefundFen: number;
  salesNetFen: number;
  netFen: number;
  salesPoints: number;
  refundPoints: number;
}
interface TenderTotals {
  salesFen: number;
  refundFen: number;
  topupFen: number;
  cardRefundFen: number;
  salesNetFen: number;
  netFen: number;
  moneyNetFen: number;
}
interface CashDrawer {
  receivedFen: number;
  changeFen: number;
  salesFen: number;
  refundFen: number;
  topupFen: number;
  cardRefundFen: number;
  expectedFen: number;
}
interface Topups {
  count: number;
  principalFen: number;
  bonusFen: number;
  points: number;
}
interface CardRefunds {
  count: number;
  refundFen: number;
  forfeitedBonusFen: number;
}
interface OrderKindRow {
  kind: string;
  count: number;
  totalFen: number;
  returnCount: number;
  returnedGoodsFen: number;
  refundFen: number;
  netFen: number;
}
interface ProductKindRow {
  kind: string;
  lineCount: number;
  quantity: number;
  amountFen: number;
  returnedQuantity: number;
  returnedFen: number;
  netFen: number;
}
interface DayClose {
  storeId: string;
  storeName: string;
  day: string;
  sales: { count: number; subtotalFen: number; memberDiscountFen: number; manualDiscountFen: number; orderDiscountFen: number; couponDiscountFen: number; roundingFen: number; totalFen: number };
  returns: { count: number; returnCount: number; voidCount: number; restoreCount: number; goodsFen: number; refundFen: number; shortfallFen: number; shortfallPoints: number };
  netSalesFen: number;
  tenders: TenderLine[];
  tenderTotals: TenderTotals;
  cash: CashDrawer;
  topups: Topups;
  cardRefunds: CardRefunds;
  points: { earned: number; spent: number; returned: number; clawedBack: number; topupAwarded: number };
  orderKinds: OrderKindRow[];
  productKinds: ProductKindRow[];
}
interface Shift {
  storeId: string;
  storeName: string;
  day: string;
  tillId: string | null;
  staffId: string | null;
  sales: { count: number; totalFen: number };
  returns: { count: number; restoreCount: number; goodsFen: number; refundFen: number };
  topups: Topups;
  cardRefunds: CardRefunds;
  tenders: TenderLine[];
  tenderTotals: TenderTotals;
  cash: CashDrawer;
}
interface ShiftOptions {
  tills: { id: string; code: string; name: string }[];
  staff: { id: string; name: string }[];
}

const NS = 'reports.day-close';
const DAY_FORMAT = 'YYYY-MM-DD';

function Money({ fen, strong }: { fen: number; strong?: boolean }) {
  return (
    <span className="day-close-num" style={strong ? { fontWeight: 600 } : undefined}>
      {formatFen(fen)}
    </span>
  );
}

function Section({ title, children, extra }: { title: ReactNode; children: ReactNode; extra?: ReactNode }) {
  return (
    <Card size="small" title={title} extra={extra} className="report-section">
      {children}
    </Card>
  );
}

function StatCard({ title, fen, hint, testId }: { title: string; fen: number; hint?: ReactNode; testId: string }) {
  return (
    <Col xs={12} lg={6}>
      <Card size="small" className="day-close-stat">
        <Statistic title={title} value={formatFen(fen)} data-testid={testId} />
        {hint ? <Typography.Text type="secondary">{hint}</Typography.Text> : null}
      </Card>
    </Col>
  );
}

const TENDER_COLORS: Record<Method, string> = { cash: '#52c41a', bank_card: '#1677ff', wechat: '#07c160', alipay: '#1890ff', stored_value: '#fa8c16', points: '#722ed1' };

/** Horizontal bars of the net per tender, from one zero line (a negative net points left). */
function TenderBars({ tenders, label }: { tenders: TenderLine[]; label: (m: Method) => string }) {
  return (
    <BarChart
      className="day-close-bars"
      ariaLabel="tenders"
      series={[{ key: 'net', label: 'net', color: '#1677ff' }]}
      rows={tenders.map((x) => ({ key: x.method, label: label(x.method), values: [x.netFen], colors: [TENDER_COLORS[x.method]], testId: `bar-${x.method}` }))}
      format={formatFen}
    />
  );
}

function useTenderColumns(): TableColumnsType<TenderLine> {
  const { t } = useTranslation(NS);
  const money = (key: keyof TenderLine, title: string, strong = false) => ({ title, dataIndex: key, key, align: 'right' as const, render: (v: number) => <Money fen={v} strong={strong} /> });
  return [
    {
      title: t('tender.method'),
      dataIndex: 'method',
      key: 'method',
      render: (m: Method, r) => (
        <Space size={4}>
          {t(`methods.${m}`)}
          {m === 'points' && (r.salesPoints || r.refundPoints) ? <Typography.Text type="secondary">({t('tender.points', { points: r.salesPoints - r.refundPoints })})</Typography.Text> : null}
        </Space>
      ),
    },
    { title: t('tender.salesCount'), dataIndex: 'salesCount', key: 'salesCount', align: 'right' },
    money('salesFen', t('tender.sales')),
    money('refundFen', t('tender.refund')),
    money('topupFen', t('tender.topup')),
    money('cardRefundFen', t('tender.cardRefund')),
    money('netFen', t('tender.net'), true),
  ];
}

function TenderTable({ tenders, totals, testId }: { tenders: TenderLine[]; totals: TenderTotals; testId: string }) {
  const { t } = useTranslation(NS);
  const columns = useTenderColumns();
  return (
    <>
      <Table<TenderLine>
        data-testid={testId}
        rowKey="method"
        size="small"
        pagination={false}
        columns={columns}
        dataSource={tenders}
        scroll={{ x: 720 }}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0}>
              <strong>{t('tender.total')}</strong>
            </Table.Summary.Cell>
            {/* a sale paid with two tenders counts under both, so the counts do not add up to sales */}
            <Table.Summary.Cell index={1} />
            {[totals.salesFen, totals.refundFen, totals.topupFen, totals.cardRefundFen, totals.netFen].map((v, i) => (
              <Table.Summary.Cell key={i} index={i + 2} align="right">
                <Money fen={v} strong />
              </Table.Summary.Cell>
            ))}
          </Table.Summary.Row>
        )}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        {t('tender.moneyNet')}: <Money fen={totals.moneyNetFen} strong />
      </Typography.Paragraph>
    </>
  );
}

function CashDescriptions({ cash }: { cash: CashDrawer }) {
  const { t } = useTranslation(NS);
  return (
    <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered>
      <Descriptions.Item label={t('cash.received')}><Money fen={cash.receivedFen} /></Descriptions.Item>
      <Descriptions.Item label={t('cash.change')}><Money fen={cash.changeFen} /></Descriptions.Item>
      <Descriptions.Item label={t('cash.sales')}><Money fen={cash.salesFen} /></Descriptions.Item>
      <Descriptions.Item label={t('cash.refund')}><Money fen={-cash.refundFen} /></Descriptions.Item>
      <Descriptions.Item label={t('cash.topup')}><Money fen={cash.topupFen} /></Descriptions.Item>
      <Descriptions.Item label={t('cash.cardRefund')}><Money fen={-cash.cardRefundFen} /></Descriptions.Item>
      <Descriptions.Item label={<strong>{t('cash.expected')}</strong>}>
        <strong data-testid="cash-expected"><Money fen={cash.expectedFen} /></strong>
      </Descriptions.Item>
    </Descriptions>
  );
}

function DayCloseView({ r }: { r: DayClose }) {
  const { t } = useTranslation(NS);
  const orderKindColumns: TableColumnsType<OrderKindRow> = [
    { title: t('kinds.kind'), dataIndex: 'kind', key: 'kind', render: (k: string) => t(`orderKinds.${k}`, { defaultValue: k }) },
    { title: t('kinds.count'), dataIndex: 'count', key: 'count', align: 'right' },
    { title: t('kinds.total'), dataIndex: 'totalFen', key: 'totalFen', align: 'right', render: (v: number) => <Money fen={v} /> },
    { title: t('kinds.returnCount'), dataIndex: 'returnCount', key: 'returnCount', align: 'right' },
    { title: t('kinds.returned'), dataIndex: 'returnedGoodsFen', key: 'returnedGoodsFen', align: 'right', render: (v: number) => <Money fen={v} /> },
    { title: t('kinds.refund'), dataIndex: 'refundFen', key: 'refundFen', align: 'right', render: (v: number) => <Money fen={v} /> },
    { title: t('kinds.net'), dataIndex: 'netFen', key: 'netFen', align: 'right', render: (v: number) => <Money fen={v} strong /> },
  ];
  const productKindColumns: TableColumnsType<ProductKindRow> = [
    { title: t('kinds.kind'), dataIndex: 'kind', key: 'kind', render: (k: string) => t(`productKinds.${k}`, { defaultValue: k }) },
    { title: t('kinds.lines'), dataIndex: 'lineCount', key: 'lineCount', align: 'right' },
    { title: t('kinds.quantity'), dataIndex: 'quantity', key: 'quantity', align: 'right' },
    { title: t('kinds.amount'), dataIndex: 'amountFen', key: 'amountFen', align: 'right', render: (v: number) => <Money fen={v} /> },
    { title: t('kinds.returnedQuantity'), dataIndex: 'returnedQuantity', key: 'returnedQuantity', align: 'right' },
    { title: t('kinds.returned'), dataIndex: 'returnedFen', key: 'returnedFen', align: 'right', render: (v: number) => <Money fen={v} /> },
    { title: t('kinds.net'), dataIndex: 'netFen', key: 'netFen', align: 'right', render: (v: number) => <Money fen={v} strong /> },
  ];
  const s = r.sales;
  const ret = r.returns;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Row gutter={[16, 16]}>
        <StatCard testId="stat-net-sales" title={t('cards.netSales')} fen={r.netSalesFen} hint={t('cards.netSalesHint', { sales: formatFen(s.totalFen), refunds: formatFen(ret.refundFen) })} />
        <StatCard testId="stat-refunds" title={t('cards.refunds')} fen={ret.refundFen} hint={t('cards.refundsHint', { count: ret.count })} />
        <StatCard testId="stat-topups" title={t('cards.topups')} fen={r.topups.principalFen} hint={t('cards.topupsHint', { count: r.topups.count, bonus: formatFen(r.topups.bonusFen) })} />
        <StatCard testId="stat-cash-expected" title={t('cards.cashExpected')} fen={r.cash.expectedFen} hint={t('cards.cashExpectedHint')} />
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Section title={t('sections.sales')}>
            <Descriptions size="small" column={2} bordered>
              <Descriptions.Item label={t('sales.count')}>{s.count}</Descriptions.Item>
              <Descriptions.Item label={t('sales.subtotal')}>{formatFen(s.subtotalFen)}</Descriptions.Item>
              <Descriptions.Item label={t('sales.memberDiscount')}>{formatFen(-s.memberDiscountFen)}</Descriptions.Item>
              <Descriptions.Item label={t('sales.manualDiscount')}>{formatFen(-s.manualDiscountFen)}</Descriptions.Item>
              <Descriptions.Item label={t('sales.orderDiscount')}>{formatFen(-s.orderDiscountFen)}</Descriptions.Item>
              <Descriptions.Item label={t('sales.couponDiscount')}>{formatFen(-s.couponDiscountFen)}</Descriptions.Item>
              <Descriptions.Item label={t('sales.rounding')}>{formatFen(-s.roundingFen)}</Descriptions.Item>
              <Descriptions.Item label={<strong>{t('sales.total')}</strong>}>
                <strong>{formatFen(s.totalFen)}</strong>
              </Descriptions.Item>
            </Descriptions>
          </Section>
        </Col>
        <Col xs={24} xl={12}>
          <Section title={t('sections.returns')}>
            <Descriptions size="small" column={2} bordered>
              <Descriptions.Item label={t('returns.count')}>{ret.count}</Descriptions.Item>
              <Descriptions.Item label={`${t('returns.returnCount')} / ${t('returns.voidCount')} / ${t('returns.restoreCount')}`}>
                {ret.returnCount} / {ret.voidCount} / {ret.restoreCount}
              </Descriptions.Item>
              <Descriptions.Item label={t('returns.goods')}>{formatFen(ret.goodsFen)}</Descriptions.Item>
              <Descriptions.Item label={t('returns.shortfall')}>
                {formatFen(ret.shortfallFen)}
                {ret.shortfallPoints ? ` (${ret.shortfallPoints})` : ''}
              </Descriptions.Item>
              <Descriptions.Item label={<strong>{t('returns.refund')}</strong>} span={2}>
                <strong>{formatFen(ret.refundFen)}</strong>
              </Descriptions.Item>
            </Descriptions>
          </Section>
        </Col>
      </Row>
      <Section title={t('sections.tenders')}>
        <TenderTable tenders={r.tenders} totals={r.tenderTotals} testId="tender-table" />
      </Section>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Section title={t('sections.chart')}>
            <TenderBars tenders={r.tenders} label={(m) => t(`methods.${m}`)} />
          </Section>
        </Col>
        <Col xs={24} xl={12}>
          <Section title={t('sections.cash')}>
            <CashDescriptions cash={r.cash} />
          </Section>
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Section title={t('sections.topups')}>
            <Descriptions size="small" column={2} bordered>
              <Descriptions.Item label={t('topups.count')}>{r.topups.count}</Descriptions.Item>
              <Descriptions.Item label={t('topups.principal')}>{formatFen(r.topups.principalFen)}</Descriptions.Item>
              <Descriptions.Item label={t('topups.bonus')}>{formatFen(r.topups.bonusFen)}</Descriptions.Item>
              <Descriptions.Item label={t('topups.points')}>{r.topups.points}</Descriptions.Item>
              <Descriptions.Item label={t('topups.cardRefunds')}>{r.cardRefunds.count}</Descriptions.Item>
              <Descriptions.Item label={t('topups.cardRefund')}>{formatFen(r.cardRefunds.refundFen)}</Descriptions.Item>
              <Descriptions.Item label={t('topups.forfeited')} span={2}>
                {formatFen(r.cardRefunds.forfeitedBonusFen)}
              </Descriptions.Item>
            </Descriptions>
          </Section>
        </Col>
        <Col xs={24} xl={12}>
          <Section title={t('sections.points')}>
            <Descriptions size="small" column={2} bordered>
              <Descriptions.Item label={t('points.earned')}>{r.points.earned}</Descriptions.Item>
              <Descriptions.Item label={t('points.spent')}>{r.points.spent}</Descriptions.Item>
              <Descriptions.Item label={t('points.returned')}>{r.points.returned}</Descriptions.Item>
              <Descriptions.Item label={t('points.clawedBack')}>{r.points.clawedBack}</Descriptions.Item>
              <Descriptions.Item label={t('points.topupAwarded')} span={2}>
                {r.points.topupAwarded}
              </Descriptions.Item>
            </Descriptions>
          </Section>
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Section title={t('sections.orderKinds')}>
            <Table<OrderKindRow> data-testid="order-kinds" rowKey="kind" size="small" pagination={false} columns={orderKindColumns} dataSource={r.orderKinds} scroll={{ x: 600 }} />
          </Section>
        </Col>
        <Col xs={24} xl={12}>
          <Section title={t('sections.productKinds')}>
            <Table<ProductKindRow> data-testid="product-kinds" rowKey="kind" size="small" pagination={false} columns={productKindColumns} dataSource={r.productKinds} scroll={{ x: 600 }} />
          </Section>
        </Col>
      </Row>
    </Space>
  );
}

function ShiftView({ storeId, day, defaultTillId }: { storeId: string; day: string; defaultTillId: string | null }) {
  const { t } = useTranslation(NS);
  const [tillId, setTillId] = useState<string | undefined>(defaultTillId ?? undefined);
  const [staffId, setStaffId] = useState<string | undefined>();
  const options = useQuery({
    queryKey: ['/reports/shift/options', storeId, day],
    queryFn: () => api.get<ShiftOptions>('/reports/shift/options', { storeId, day }),
  });
  const shift = useQuery({
    queryKey: ['/reports/shift', storeId, day, tillId ?? null, staffId ?? null],
    queryFn: () => api.get<Shift>('/reports/shift', { storeId, day, tillId, staffId }),
  });
  const r = shift.data;
  const tillName = options.data?.tills.find((x) => x.id === tillId)?.name;
  const staffName = options.data?.staff.find((x) => x.id === staffId)?.name;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space wrap className="no-print">
        <Select
          allowClear
          data-testid="shift-till"
          aria-label={t('shift.till')}
          placeholder={t('shift.allTills')}
          style={{ width: 180 }}
          loading={options.isPending}
          value={tillId}
          onChange={(v) => setTillId(v)}
          options={(options.data?.tills ?? []).map((x) => ({ value: x.id, label: `${x.name} (${x.code})` }))}
        />
        <Select
          allowClear
          data-testid="shift-staff"
          aria-label={t('shift.staff')}
          placeholder={t('shift.allStaff')}
          style={{ width: 180 }}
          showSearch={{ optionFilterProp: 'label' }}
          loading={options.isPending}
          value={staffId}
          onChange={(v) => setStaffId(v)}
          options={(options.data?.staff ?? []).map((x) => ({ value: x.id, label: x.name }))}
        />
      </Space>
      <div className="print-only">
        {t('shift.till')}: {tillName ?? t('shift.allTills')} · {t('shift.staff')}: {staffName ?? t('shift.allStaff')}
      </div>
      {shift.error ? <Alert type="error" showIcon title={(shift.error as Error).message} /> : null}
      {!r ? (
        <Spin spinning={shift.isPending}>
          <div style={{ minHeight: 120 }} />
        </Spin>
      ) : (
        <>
          <Row gutter={[16, 16]}>
            <StatCard testId="shift-sales" title={t('cards.sales')} fen={r.sales.totalFen} hint={t('cards.salesHint', { count: r.sales.count })} />
            <StatCard testId="shift-refunds" title={t('cards.refunds')} fen={r.returns.refundFen} hint={t('cards.refundsHint', { count: r.returns.count })} />
            <StatCard testId="shift-topups" title={t('cards.topups')} fen={r.topups.principalFen} hint={t('cards.topupsHint', { count: r.topups.count, bonus: formatFen(r.topups.bonusFen) })} />
            <StatCard testId="shift-cash-expected" title={t('cards.cashExpected')} fen={r.cash.expectedFen} hint={t('cards.cashExpectedHint')} />
          </Row>
          <Section title={t('sections.tenders')}>
            <TenderTable tenders={r.tenders} totals={r.tenderTotals} testId="shift-tender-table" />
          </Section>
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={12}>
              <Section title={t('sections.chart')}>
                <TenderBars tenders={r.tenders} label={(m) => t(`methods.${m}`)} />
              </Section>
            </Col>
            <Col xs={24} xl={12}>
              <Section title={t('sections.cash')}>
                <CashDescriptions cash={r.cash} />
              </Section>
            </Col>
          </Row>
          <Typography.Text type="secondary">
            {t('shift.documents')}: {t('shift.salesCount', { count: r.sales.count })} · {t('shift.returnsCount', { count: r.returns.count })} · {t('shift.topupsCount', { count: r.topups.count })} · {t('shift.cardRefundsCount', { count: r.cardRefunds.count })}
          </Typography.Text>
          <div className="day-close-signatures">
            <span>{t('shift.counted')}: ________________</span>
            <span>{t('shift.handedOver')}: ________________</span>
            <span>{t('shift.takenOver')}: ________________</span>
          </div>
        </>
      )}
    </Space>
  );
}

export default function DayClosePage() {
  const { t } = useTranslation([NS, 'common']);
  const me = useMe();
  const { stores } = useAllStores();
  const [picked, setPicked] = useState<string | undefined>();
  // unset: the store's current business day, as the server works it out (time zone and cut-off)
  const [day, setDay] = useState<Dayjs | null>(null);
  const [tab, setTab] = useState('day');
  const storeId = picked ?? me.currentStoreId ?? stores[0]?.id;
  const pickedDay = day?.format(DAY_FORMAT);
  const report = useQuery({
    queryKey: ['/reports/day-close', storeId, pickedDay ?? 'current'],
    queryFn: () => api.get<DayClose>('/reports/day-close', { storeId, day: pickedDay }),
    enabled: Boolean(storeId),
  });
  const dayText = pickedDay ?? (report.data?.storeId === storeId ? report.data.day : undefined);

  const print = usePrintReport();

  const storeName = report.data?.storeName ?? stores.find((s) => s.id === storeId)?.name ?? '';
  const refresh = () => {
    void report.refetch();
  };

  return (
    <PageContainer
      title={t('title')}
      subTitle={<span className="no-print">{t('subtitle')}</span>}
      extra={
        <Space wrap className="no-print">
          <Select
            data-testid="day-close-store"
            aria-label={t('store')}
            placeholder={t('noStore')}
            style={{ width: 180 }}
            showSearch={{ optionFilterProp: 'label' }}
            value={storeId}
            onChange={(v) => setPicked(v)}
            options={stores.map((s) => ({ value: s.id, label: s.name }))}
          />
          <DatePicker data-testid="day-close-day" aria-label={t('day')} allowClear={false} value={dayText ? dayjs(dayText) : null} format={DAY_FORMAT} onChange={(d) => d && setDay(d)} />
          <Button icon={<ReloadOutlined />} aria-label={t('common:actions.refresh')} onClick={refresh} />
          <Button icon={<PrinterOutlined />} onClick={print} data-testid="day-close-print">
            {t('print')}
          </Button>
        </Space>
      }
    >
      <div className="report day-close-report">
        <div className="print-only report-print-head">
          <h2>
            {storeName} · {tab === 'shift' ? t('tabs.shift') : t('tabs.day')}
          </h2>
          <div>
            {t('day')}: {dayText} · {t('printedAt')}: {formatDateTime(new Date().toISOString())} · {me.staff.name}
          </div>
        </div>
        {!storeId ? (
          <Empty description={t('noStore')} />
        ) : (
          <Tabs
            activeKey={tab}
            onChange={setTab}
            items={[
              {
                key: 'day',
                label: t('tabs.day'),
                children: report.error ? (
                  <Alert type="error" showIcon title={(report.error as Error).message} />
                ) : report.data ? (
                  <DayCloseView r={report.data} />
                ) : (
                  <Spin spinning>
                    <div style={{ minHeight: 160 }} />
                  </Spin>
                ),
              },
              {
                key: 'shift',
                label: t('tabs.shift'),
                children: dayText ? <ShiftView key={`${storeId}:${dayText}`} storeId={storeId} day={dayText} defaultTillId={storeId === me.currentStoreId ? (me.currentTillId ?? null) : null} /> : <Spin spinning />,
              },
            ]}
          />
        )}
      </div>
    </PageContainer>
  );
}
