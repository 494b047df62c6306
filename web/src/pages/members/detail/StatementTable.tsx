import { useEffect, useMemo, useState } from 'react';
import { createPortal } from 'react-dom';
import { Button, Card, DatePicker, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { PrinterOutlined, ReloadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, fetchAllPages, type Paged, type QueryParams } from '../../../app/api';
import { useAuth } from '../../../app/auth';
import { useApiError } from '../../../app/errors';
import type { Member } from '../../../app/members';
import { formatDateTime } from '../../../app/format';
import { ExportCsvButton, usePagination } from '../../../app/table';
import type { CsvColumn } from '../../../app/csv';
import { formatAsset, ledgerKey, STATEMENT_KINDS, type AssetFilter, type StatementEntry, type UsesItem } from './wallet';
import './statement-print.css';

type Range = [Dayjs | null, Dayjs | null] | null;

interface Filters {
  asset?: AssetFilter;
  kind?: string;
  range: Range;
  order: 'desc' | 'asc';
}

const PRINT_CLASS = 'printing-statement';

/** Text of the account an entry moved: principal, bonus, points or the service item. */
function accountText(t: TFunction, e: StatementEntry): string {
  if (e.accountKind === 'uses') return t('wallet.accounts.usesOf', { item: e.accountLabel });
  return t(`wallet.accounts.${e.accountKind}`, { defaultValue: e.accountLabel || e.accountKind });
}

function kindText(t: TFunction, kind: string): string {
  // installment parts carry their number: installment_3, installment_void_3
  const part = /^installment(_void)?_(\d+)$/.exec(kind);
  if (part) return t(part[1] ? 'wallet.kinds.installmentVoid' : 'wallet.kinds.installment', { seq: part[2] });
  return t(`wallet.kinds.${kind}`, { defaultValue: kind });
}

function docText(t: TFunction, e: StatementEntry): string {
  const type = t(`wallet.docTypes.${e.docType}`, { defaultValue: e.docType });
  return e.docNo ? `${type} ${e.docNo}` : type;
}

/** The member's statement (流水): every ledger entry with its document, filtered and paged on the server. */
export function StatementTable({ member, uses }: { member: Member; uses: UsesItem[] }) {
  const { t } = useTranslation(['members.detail', 'common']);
  const { me } = useAuth();
  const showError = useApiError();
  const [filters, setFiltersState] = useState<Filters>({ range: null, order: 'desc' });
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const [printing, setPrinting] = useState<{ rows: StatementEntry[]; total: number; truncated: boolean } | null>(null);
  const [printBusy, setPrintBusy] = useState(false);

  const setFilters = (next: Partial<Filters>) => {
    setFiltersState((f) => ({ ...f, ...next }));
    setPaging((p) => ({ ...p, page: 1 }));
  };

  const query: QueryParams = useMemo(
    () => ({
      asset: filters.asset,
      kind: filters.kind,
      from: filters.range?.[0]?.startOf('day').toISOString(),
      to: filters.range?.[1]?.endOf('day').toISOString(),
      order: filters.order,
    }),
    [filters],
  );
  const path = `/members/${member.id}/ledger`;
  const list = useQuery({
    queryKey: [...ledgerKey(member.id), query, paging],
    queryFn: ({ signal }) => api.get<Paged<StatementEntry>>(path, { ...query, ...paging }, { signal }),
    placeholderData: keepPreviousData,
  });
  const pagination = usePagination(list.data?.total, paging.page, paging.pageSize);

  const assetOptions = [
    { value: 'CNY', label: t('wallet.assets.CNY') },
    { value: 'POINTS', label: t('wallet.assets.POINTS') },
    { value: 'USES:', label: t('wallet.assets.USES') },
    ...uses.map((u) => ({ value: `USES:${u.itemId}`, label: t('wallet.accounts.usesOf', { item: u.label }) })),
  ];
  const assetLabel = assetOptions.find((o) => o.value === filters.asset)?.label ?? t('wallet.statement.allAssets');
  const period =
    filters.range?.[0] && filters.range[1]
      ? t('wallet.statement.periodRange', { from: filters.range[0].format('YYYY-MM-DD'), to: filters.range[1].format('YYYY-MM-DD') })
      : t('wallet.statement.periodAll');

  const meta: [string, string][] = [
    [t('wallet.statement.printMember'), member.name],
    [t('card.cardNo'), member.card?.cardNo ?? '—'],
    [t('wallet.statement.period'), period],
    [t('wallet.statement.asset'), assetLabel],
    ...(filters.kind ? [[t('wallet.statement.kind'), kindText(t, filters.kind)] as [string, string]] : []),
    [t('wallet.statement.printedAt'), formatDateTime(new Date().toISOString()) + (me ? ` · ${me.staff.name}` : '')],
  ];

  const amountCell = (e: StatementEntry) => (
    <Typography.Text type={e.amount < 0 ? 'danger' : 'success'} style={{ whiteSpace: 'nowrap' }}>
      {formatAsset(e.asset, e.amount, true)}
    </Typography.Text>
  );

  const columns: TableColumnsType<StatementEntry> = [
    { title: t('wallet.statement.time'), dataIndex: 'createdAt', key: 'createdAt', width: 170, render: (v: string) => formatDateTime(v) },
    { title: t('wallet.statement.account'), key: 'account', width: 130, render: (_, e) => accountText(t, e) },
    {
      title: t('wallet.statement.kind'),
      dataIndex: 'kind',
      key: 'kind',
      width: 130,
      render: (k: string, e) => (
        <Space size={4}>
          {kindText(t, k)}
          {e.isReversal ? <Tag color="orange">{t('wallet.statement.reversal')}</Tag> : null}
        </Space>
      ),
    },
    { title: t('wallet.statement.document'), key: 'doc', width: 200, render: (_, e) => docText(t, e) },
    { title: t('wallet.statement.amount'), dataIndex: 'amount', key: 'amount', width: 130, align: 'right', render: (_, e) => amountCell(e) },
    {
      title: t('wallet.statement.balanceAfter'),
      dataIndex: 'balanceAfter',
      key: 'balanceAfter',
      width: 130,
      align: 'right',
      render: (v: number | null, e) => (v === null ? '—' : formatAsset(e.asset, v)),
    },
    { title: t('wallet.statement.store'), dataIndex: 'storeName', key: 'storeName', width: 130, render: (v: string | null) => v ?? '—' },
    { title: t('wallet.statement.staff'), dataIndex: 'staffName', key: 'staffName', width: 100, render: (v: string) => v || '—' },
    { title: t('wallet.statement.memo'), dataIndex: 'memo', key: 'memo', ellipsis: true, render: (v: string) => v || '—' },
  ];

  const csvColumns: CsvColumn<StatementEntry>[] = [
    { title: t('wallet.statement.time'), value: (e) => formatDateTime(e.createdAt) },
    { title: t('wallet.statement.account'), value: (e) => accountText(t, e) },
    { title: t('wallet.statement.kind'), value: (e) => kindText(t, e.kind) },
    { title: t('wallet.statement.reversal'), value: (e) => (e.isReversal ? t('common:common.yes') : t('common:common.no')) },
    { title: t('wallet.statement.docType'), value: (e) => t(`wallet.docTypes.${e.docType}`, { defaultValue: e.docType }) },
    { title: t('wallet.statement.docNo'), value: (e) => e.docNo ?? '' },
    { title: t('wallet.statement.amount'), value: (e) => formatAsset(e.asset, e.amount, true) },
    { title: t('wallet.statement.balanceAfter'), value: (e) => (e.balanceAfter === null ? '' : formatAsset(e.asset, e.balanceAfter)) },
    { title: t('wallet.statement.store'), value: (e) => e.storeName ?? '' },
    { title: t('wallet.statement.staff'), value: (e) => e.staffName },
    { title: t('wallet.statement.memo'), value: (e) => e.memo },
  ];

  const print = async () => {
    setPrintBusy(true);
    try {
      const r = await fetchAllPages<StatementEntry>(path, query);
      setPrinting({ rows: r.items, total: r.total, truncated: r.truncated });
    } catch (e) {
      showError(e);
    } finally {
      setPrintBusy(false);
    }
  };

  // once the print view is in the document: print it, then take it away again
  useEffect(() => {
    if (!printing) return;
    const done = () => {
      document.body.classList.remove(PRINT_CLASS);
      setPrinting(null);
    };
    document.body.classList.add(PRINT_CLASS);
    window.addEventListener('afterprint', done, { once: true });
    const timer = window.setTimeout(() => window.print(), 50);
    return () => {
      window.clearTimeout(timer);
      window.removeEventListener('afterprint', done);
      document.body.classList.remove(PRINT_CLASS);
    };
  }, [printing]);

  return (
    <Card
      size="small"
      title={t('wallet.statement.title')}
      extra={
        <Space wrap size={4}>
          <Button size="small" icon={<PrinterOutlined />} loading={printBusy} onClick={() => void print()} data-testid="statement-print">
            {t('wallet.statement.print')}
          </Button>
          <ExportCsvButton<StatementEntry> path={path} query={query} columns={csvColumns} filename={`${t('wallet.statement.fileName')}-${member.name}`} />
        </Space>
      }
    >
      <Space className="table-toolbar" wrap>
        <Select
          allowClear
          aria-label={t('wallet.statement.asset')}
          placeholder={t('wallet.statement.allAssets')}
          style={{ width: 170 }}
          value={filters.asset}
          onChange={(v: AssetFilter | undefined) => setFilters({ asset: v })}
          options={assetOptions}
          data-testid="statement-asset"
        />
        <Select
          allowClear
          aria-label={t('wallet.statement.kind')}
          placeholder={t('wallet.statement.allKinds')}
          style={{ width: 150 }}
          value={filters.kind}
          onChange={(v: string | undefined) => setFilters({ kind: v })}
          options={STATEMENT_KINDS.map((k) => ({ value: k, label: kindText(t, k) }))}
          data-testid="statement-kind"
        />
        <DatePicker.RangePicker
          aria-label={t('wallet.statement.period')}
          placeholder={[t('wallet.statement.from'), t('wallet.statement.to')]}
          value={filters.range}
          onChange={(r) => setFilters({ range: r })}
          style={{ width: 250 }}
        />
        <Segmented<'desc' | 'asc'>
          value={filters.order}
          onChange={(v) => setFilters({ order: v })}
          options={[
            { value: 'desc', label: t('wallet.statement.newest') },
            { value: 'asc', label: t('wallet.statement.oldest') },
          ]}
        />
        <Button onClick={() => setFilters({ asset: undefined, kind: undefined, range: null, order: 'desc' })}>{t('common:actions.reset')}</Button>
        <Button icon={<ReloadOutlined />} aria-label={t('common:actions.refresh')} onClick={() => void list.refetch()} />
      </Space>
      <Table<StatementEntry>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        pagination={pagination}
        onChange={(p) => setPaging({ page: p.current ?? 1, pageSize: p.pageSize ?? paging.pageSize })}
        scroll={{ x: 1200 }}
        data-testid="statement-table"
      />

      {printing
        ? createPortal(
            <div className="statement-print-root">
              <h2>{t('wallet.statement.printTitle')}</h2>
              <div className="statement-print-meta">
                {meta.map(([label, value]) => (
                  <span key={label}>{t('wallet.statement.meta', { label, value })}</span>
                ))}
              </div>
              <table>
                <thead>
                  <tr>
                    <th>{t('wallet.statement.time')}</th>
                    <th>{t('wallet.statement.account')}</th>
                    <th>{t('wallet.statement.kind')}</th>
                    <th>{t('wallet.statement.document')}</th>
                    <th className="num">{t('wallet.statement.amount')}</th>
                    <th className="num">{t('wallet.statement.balanceAfter')}</th>
                    <th>{t('wallet.statement.store')}</th>
                    <th>{t('wallet.statement.staff')}</th>
                    <th>{t('wallet.statement.memo')}</th>
                  </tr>
                </thead>
                <tbody>
                  {printing.rows.map((e) => (
                    <tr key={e.id}>
                      <td>{formatDateTime(e.createdAt)}</td>
                      <td>{accountText(t, e)}</td>
                      <td>
                        {kindText(t, e.kind)}
                        {e.isReversal ? t('wallet.statement.reversalSuffix') : ''}
                      </td>
                      <td>{docText(t, e)}</td>
                      <td className="num">{formatAsset(e.asset, e.amount, true)}</td>
                      <td className="num">{e.balanceAfter === null ? '' : formatAsset(e.asset, e.balanceAfter)}</td>
                      <td>{e.storeName ?? ''}</td>
                      <td>{e.staffName}</td>
                      <td>{e.memo}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p className="statement-print-foot">
                {t('common:table.total', { total: printing.total })}
                {printing.truncated ? ` · ${t('common:common.exportTruncated', { max: printing.rows.length })}` : ''}
              </p>
            </div>,
            document.body,
          )
        : null}
    </Card>
  );
}
