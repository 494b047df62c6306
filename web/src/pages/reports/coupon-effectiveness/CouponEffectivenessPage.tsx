import { useMemo, useState } from 'react';
import { Alert, Button, Card, Col, DatePicker, Empty, Row, Select, Space, Spin, Statistic, Table, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { PrinterOutlined, QuestionCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../../app/api';
import { useMe } from '../../../app/auth';
import { useAllStores } from '../../../app/lookups';
import { formatDateTime, formatNumber } from '../../../app/format';
import { formatFen, formatScaled } from '../../../app/money';
import { PageContainer } from '../../../app/components/PageContainer';
import { BarChart } from '../../../app/components/BarChart';
import { ExportCsvButton } from '../../../app/table';
import { NS as COUPONS_NS, useCouponTemplates } from '../../marketing/coupons';
import { usePrintReport } from '../usePrintReport';
import './coupon-effectiveness.css';

const NS = 'reports.coupon-effectiveness';
const DAY = 'YYYY-MM-DD';
const MAX_BARS = 15;

interface Figures {
  issued: number;
  used: number;
  /** used / issued in basis points */
  useRateBp: number;
  discountFen: number;
  salesFen: number;
  cashInFen: number;
}
interface ReportRow extends Figures {
  templateId: string;
  templateName: string;
  channel: string;
}
interface Report {
  rows: ReportRow[];
  totals: Figures;
}
type Range = [Dayjs, Dayjs];

/** 3750 bp → '37.5%'. */
const rateText = (bp: number) => `${formatScaled(bp, 2, true)}%`;
const yuan = (fen: number) => formatFen(fen).replace(/[¥,]/g, '');

function thisMonth(): Range {
  return [dayjs().startOf('month'), dayjs()];
}

function Stat({ title, value, hint, testId }: { title: string; value: string; hint?: string; testId: string }) {
  return (
    <Col xs={12} md={8} xl={4}>
      <Card size="small" style={{ height: '100%' }}>
        <Statistic title={title} value={value} data-testid={testId} />
        {hint ? <Typography.Text type="secondary">{hint}</Typography.Text> : null}
      </Card>
    </Col>
  );
}

export default function CouponEffectivenessPage() {
  const { t } = useTranslation([NS, COUPONS_NS, 'common']);
  const me = useMe();
  const { stores } = useAllStores();
  const templates = useCouponTemplates('all');
  const [range, setRange] = useState<Range>(thisMonth);
  const [templateId, setTemplateId] = useState<string | undefined>();
  const [storeId, setStoreId] = useState<string | undefined>();
  const from = range[0].format(DAY);
  const to = range[1].format(DAY);
  const report = useQuery({
    queryKey: ['/reports/coupon-effectiveness', from, to, templateId ?? null, storeId ?? null],
    queryFn: ({ signal }) => api.get<Report>('/reports/coupon-effectiveness', { from, to, templateId, storeId }, { signal }),
  });

  const print = usePrintReport();

  const channelText = (c: string) => t(`${COUPONS_NS}:channels.${c}`, { defaultValue: c });

  // rows of one template together, the biggest issue first; the template cell spans its channels
  const rows = useMemo(() => {
    const list = [...(report.data?.rows ?? [])];
    const issuedBy = new Map<string, number>();
    for (const r of list) issuedBy.set(r.templateId, (issuedBy.get(r.templateId) ?? 0) + r.issued + r.used);
    list.sort((a, b) => (issuedBy.get(b.templateId) ?? 0) - (issuedBy.get(a.templateId) ?? 0) || a.templateName.localeCompare(b.templateName) || a.channel.localeCompare(b.channel));
    return list.map((r, i) => {
      const first = i === 0 || list[i - 1]!.templateId !== r.templateId;
      let span = 0;
      if (first) for (let j = i; j < list.length && list[j]!.templateId === r.templateId; j++) span++;
      return { ...r, key: `${r.templateId}|${r.channel}`, span };
    });
  }, [report.data]);

  // one pair of bars per template: every channel added up
  const bars = useMemo(() => {
    const by = new Map<string, { key: string; label: string; issued: number; used: number }>();
    for (const r of report.data?.rows ?? []) {
      const g = by.get(r.templateId) ?? { key: r.templateId, label: r.templateName, issued: 0, used: 0 };
      g.issued += r.issued;
      g.used += r.used;
      by.set(r.templateId, g);
    }
    return [...by.values()]
      .sort((a, b) => b.issued - a.issued || b.used - a.used)
      .slice(0, MAX_BARS)
      .map((g) => ({ key: g.key, label: g.label, values: [g.issued, g.used], testId: `coupon-bar-${g.key}` }));
  }, [report.data]);

  const totals = report.data?.totals;
  const withHelp = (title: string, help: string) => (
    <Space size={4}>
      {title}
      <Tooltip title={help}>
        <QuestionCircleOutlined style={{ color: 'rgba(0,0,0,0.45)' }} />
      </Tooltip>
    </Space>
  );

  type Row = (typeof rows)[number];
  const columns: TableColumnsType<Row> = [
    { title: t('col.template'), dataIndex: 'templateName', key: 'templateName', width: 200, onCell: (r) => ({ rowSpan: r.span }) },
    { title: t('col.channel'), dataIndex: 'channel', key: 'channel', width: 110, render: (c: string) => channelText(c) },
    { title: t('col.issued'), dataIndex: 'issued', key: 'issued', width: 100, align: 'right', render: (n: number) => formatNumber(n) },
    { title: t('col.used'), dataIndex: 'used', key: 'used', width: 100, align: 'right', render: (n: number) => formatNumber(n) },
    { title: t('col.useRate'), dataIndex: 'useRateBp', key: 'useRateBp', width: 90, align: 'right', render: (bp: number, r) => (r.issued ? rateText(bp) : '—') },
    { title: t('col.discount'), dataIndex: 'discountFen', key: 'discountFen', width: 120, align: 'right', render: (v: number) => formatFen(v) },
    { title: withHelp(t('col.sales'), t('colHelp.sales')), dataIndex: 'salesFen', key: 'salesFen', width: 130, align: 'right', render: (v: number) => formatFen(v) },
    { title: withHelp(t('col.cashIn'), t('colHelp.cashIn')), dataIndex: 'cashInFen', key: 'cashInFen', width: 130, align: 'right', render: (v: number) => formatFen(v) },
  ];

  const csvColumns = [
    { title: t('col.template'), value: (r: ReportRow) => r.templateName },
    { title: t('col.channel'), value: (r: ReportRow) => (r.channel ? channelText(r.channel) : '') },
    { title: t('col.issued'), value: (r: ReportRow) => r.issued },
    { title: t('col.used'), value: (r: ReportRow) => r.used },
    { title: `${t('col.useRate')} (%)`, value: (r: ReportRow) => formatScaled(r.useRateBp, 2) },
    { title: `${t('col.discount')} (¥)`, value: (r: ReportRow) => yuan(r.discountFen) },
    { title: `${t('col.sales')} (¥)`, value: (r: ReportRow) => yuan(r.salesFen) },
    { title: `${t('col.cashIn')} (¥)`, value: (r: ReportRow) => yuan(r.cashInFen) },
  ];
  const csvRows: ReportRow[] = totals ? [...rows, { ...totals, templateId: '', templateName: t('total'), channel: '' }] : rows;

  const roi = totals && totals.discountFen > 0 ? formatScaled(Math.floor((totals.salesFen * 100) / totals.discountFen), 2) : null;
  const storeName = storeId ? stores.find((s) => s.id === storeId)?.name : t('allStores');
  const templateName = templateId ? templates.data?.find((x) => x.id === templateId)?.name : t('allTemplates');

  return (
    <PageContainer
      title={t('title')}
      subTitle={<span className="no-print">{t('subtitle')}</span>}
      extra={
        <Space wrap className="no-print">
          <DatePicker.RangePicker
            data-testid="coupon-report-range"
            aria-label={t('range')}
            allowClear={false}
            value={range}
            onChange={(r) => {
              if (r?.[0] && r[1]) setRange([r[0], r[1]]);
            }}
            presets={[
              { label: t('presets.thisMonth'), value: thisMonth() },
              { label: t('presets.lastMonth'), value: [dayjs().subtract(1, 'month').startOf('month'), dayjs().subtract(1, 'month').endOf('month')] },
              { label: t('presets.last7'), value: [dayjs().subtract(6, 'day'), dayjs()] },
              { label: t('presets.last30'), value: [dayjs().subtract(29, 'day'), dayjs()] },
            ]}
          />
          <Select
            allowClear
            aria-label={t('template')}
            placeholder={t('allTemplates')}
            style={{ width: 180 }}
            showSearch={{ optionFilterProp: 'label' }}
            value={templateId}
            onChange={(v?: string) => setTemplateId(v)}
            options={(templates.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
            data-testid="coupon-report-template"
          />
          <Select
            allowClear
            aria-label={t('store')}
            placeholder={t('allStores')}
            style={{ width: 160 }}
            showSearch={{ optionFilterProp: 'label' }}
            value={storeId}
            onChange={(v?: string) => setStoreId(v)}
            options={stores.map((s) => ({ value: s.id, label: s.name }))}
            data-testid="coupon-report-store"
          />
          <Button icon={<ReloadOutlined />} aria-label={t('common:actions.refresh')} onClick={() => void report.refetch()} />
          <ExportCsvButton<ReportRow> rows={csvRows} columns={csvColumns} filename={`${t('exportName')}-${from}-${to}`} />
          <Button icon={<PrinterOutlined />} onClick={print} data-testid="coupon-report-print">
            {t('print')}
          </Button>
        </Space>
      }
      noCard
    >
      <div className="report coupon-report">
        <div className="print-only report-print-head">
          <h2>{t('title')}</h2>
          <div>
            {from} ~ {to} · {templateName} · {storeName} · {t('printedAt')}: {formatDateTime(new Date().toISOString())} · {me.staff.name}
          </div>
        </div>
        <Typography.Paragraph type="secondary" className="no-print">
          {t('rangeHelp')}
        </Typography.Paragraph>
        {report.error ? <Alert type="error" showIcon title={(report.error as Error).message} style={{ marginBottom: 16 }} /> : null}
        {!report.data ? (
          <Spin spinning={report.isPending}>
            <div style={{ minHeight: 200 }} />
          </Spin>
        ) : (
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            {totals ? (
              <Row gutter={[16, 16]}>
                <Stat testId="coupon-stat-issued" title={t('cards.issued')} value={formatNumber(totals.issued)} />
                <Stat testId="coupon-stat-used" title={t('cards.used')} value={formatNumber(totals.used)} />
                <Stat testId="coupon-stat-rate" title={t('cards.useRate')} value={totals.issued ? rateText(totals.useRateBp) : '—'} />
                <Stat testId="coupon-stat-discount" title={t('cards.discount')} value={formatFen(totals.discountFen)} />
                <Stat testId="coupon-stat-sales" title={t('cards.sales')} value={formatFen(totals.salesFen)} hint={roi ? t('cards.roi', { ratio: roi }) : undefined} />
                <Stat testId="coupon-stat-cash" title={t('col.cashIn')} value={formatFen(totals.cashInFen)} />
              </Row>
            ) : null}
            <Card size="small" title={t('chart')} className="report-section">
              {bars.length ? (
                <BarChart
                  testId="coupon-report-chart"
                  ariaLabel={t('chart')}
                  series={[
                    { key: 'issued', label: t('chartIssued'), color: '#1677ff' },
                    { key: 'used', label: t('chartUsed'), color: '#52c41a' },
                  ]}
                  rows={bars}
                  format={formatNumber}
                  labelWidth={150}
                  labelChars={11}
                  barWidth={560}
                  valueWidth={70}
                  valueAt="bar"
                />
              ) : (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('chartEmpty')} />
              )}
            </Card>
            <Card size="small" className="report-section">
              <Table<Row>
                data-testid="coupon-report-table"
                rowKey="key"
                size="small"
                bordered
                pagination={false}
                columns={columns}
                dataSource={rows}
                scroll={{ x: 980 }}
                locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('empty')} /> }}
                summary={() =>
                  totals && rows.length ? (
                    <Table.Summary.Row data-testid="coupon-report-totals">
                      <Table.Summary.Cell index={0} colSpan={2}>
                        <strong>{t('total')}</strong>
                      </Table.Summary.Cell>
                      <Table.Summary.Cell index={2} align="right">
                        <strong>{formatNumber(totals.issued)}</strong>
                      </Table.Summary.Cell>
                      <Table.Summary.Cell index={3} align="right">
                        <strong>{formatNumber(totals.used)}</strong>
                      </Table.Summary.Cell>
                      <Table.Summary.Cell index={4} align="right">
                        <strong>{totals.issued ? rateText(totals.useRateBp) : '—'}</strong>
                      </Table.Summary.Cell>
                      {[totals.discountFen, totals.salesFen, totals.cashInFen].map((v, i) => (
                        <Table.Summary.Cell key={i} index={5 + i} align="right">
                          <strong>{formatFen(v)}</strong>
                        </Table.Summary.Cell>
                      ))}
                    </Table.Summary.Row>
                  ) : null
                }
              />
            </Card>
          </Space>
        )}
      </div>
    </PageContainer>
  );
}
