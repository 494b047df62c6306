import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, App, Badge, Button, DatePicker, Descriptions, Drawer, Empty, Flex, Form, Input, Result, Select, Space, Spin, Table, Tabs, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { CheckOutlined, CloseOutlined, PrinterOutlined, ReloadOutlined, RollbackOutlined, UndoOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Paged } from '../../../app/api';
import { useAuth, useMe } from '../../../app/auth';
import { useApiError } from '../../../app/errors';
import { MEMBERS_KEY } from '../../../app/members';
import { formatFen } from '../../../app/money';
import { formatDateTime, formatNumber } from '../../../app/format';
import { PageContainer } from '../../../app/components/PageContainer';
import { FormModal } from '../../../app/components/FormModal';
import { ExportCsvButton, usePagination, useServerTable } from '../../../app/table';
import { maxRule, requiredRule } from '../../../app/validators';
import { TopupReceipt } from '../topup/Receipt';
import { STATUS_COLORS, TOPUP_STATUSES, TOPUPS_KEY, type Topup, type TopupStatus } from '../topup/wallet';

type Filters = { status?: TopupStatus; memberId?: string; from?: string; to?: string };
type Range = [Dayjs | null, Dayjs | null] | null;
const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : undefined);

/** The actions that take a reason: reject a waiting top-up, void a completed one, restore a voided one. */
type ReasonAction = 'reject' | 'void' | 'restore';
const REASON_TEXTS: Record<ReasonAction, { title: string; ok: string; done: string; hint: string }> = {
  reject: { title: 'rejectTitle', ok: 'reject', done: 'rejected', hint: 'rejectHint' },
  void: { title: 'voidTitle', ok: 'void', done: 'voided', hint: 'voidHint' },
  restore: { title: 'restoreTitle', ok: 'restore', done: 'restored', hint: 'restoreHint' },
};

interface Actions {
  canApprove: boolean;
  canVoid: boolean;
  approve: (r: Topup) => void;
  reject: (r: Topup) => void;
  voidIt: (r: Topup) => void;
  restore: (r: Topup) => void;
  open: (r: Topup) => void;
}

function useTenderText() {
  const { t } = useTranslation('wallet.topup');
  return (r: Topup) => r.tenders.map((x) => `${t(`methods.${x.method}`)} ${formatFen(x.amountFen)}${x.reference ? ` (${x.reference})` : ''}`).join(' / ');
}

function StatusTag({ status }: { status: TopupStatus }) {
  const { t } = useTranslation('wallet.topup');
  return <Tag color={STATUS_COLORS[status]}>{t(`statuses.${status}`)}</Tag>;
}

/** Row actions that the status and the user's permissions allow. */
function RowActions({ r, actions, withDetail = true }: { r: Topup; actions: Actions; withDetail?: boolean }) {
  const { t } = useTranslation(['wallet.topups', 'common']);
  return (
    <Space size={0} wrap onClick={(e) => e.stopPropagation()}>
      {withDetail ? (
        <Button type="link" size="small" onClick={() => actions.open(r)} data-testid={`topup-detail-${r.docNo}`}>
          {t('detail')}
        </Button>
      ) : null}
      {r.status === 'pending_approval' && actions.canApprove ? (
        <>
          <Button type="link" size="small" icon={<CheckOutlined />} onClick={() => actions.approve(r)} data-testid={`topup-approve-${r.docNo}`}>
            {t('approve')}
          </Button>
          <Button type="link" size="small" danger icon={<CloseOutlined />} onClick={() => actions.reject(r)} data-testid={`topup-reject-${r.docNo}`}>
            {t('reject')}
          </Button>
        </>
      ) : null}
      {r.status === 'completed' && actions.canVoid ? (
        <Button type="link" size="small" danger icon={<RollbackOutlined />} onClick={() => actions.voidIt(r)} data-testid={`topup-void-${r.docNo}`}>
          {t('void')}
        </Button>
      ) : null}
      {r.status === 'voided' && actions.canVoid ? (
        <Button type="link" size="small" icon={<UndoOutlined />} onClick={() => actions.restore(r)} data-testid={`topup-restore-${r.docNo}`}>
          {t('restore')}
        </Button>
      ) : null}
    </Space>
  );
}

function TopupTable({ mode, actions, memberId, onClearMember }: { mode: 'pending' | 'all'; actions: Actions; memberId?: string; onClearMember: () => void }) {
  const { t } = useTranslation(['wallet.topups', 'wallet.topup', 'common']);
  const tenderText = useTenderText();
  const initial: Filters = mode === 'pending' ? { status: 'pending_approval', memberId } : { memberId };
  const table = useServerTable<Topup, Filters>(TOPUPS_KEY, initial);
  const pagination = usePagination(table.query.data?.total, table.state.page, table.state.pageSize);
  const [range, setRange] = useState<Range>(null);
  const items = table.query.data?.items ?? [];

  const columns: TableColumnsType<Topup> = [
    { title: t('docNo'), dataIndex: 'docNo', key: 'docNo', width: 150, fixed: 'left', render: (v: string) => <Typography.Link>{v}</Typography.Link> },
    { title: t('createdAt'), dataIndex: 'createdAt', key: 'createdAt', width: 165, render: (v: string) => formatDateTime(v) },
    { title: t('store'), dataIndex: 'storeName', key: 'storeName', width: 130 },
    {
      title: t('member'),
      key: 'member',
      width: 190,
      render: (_, r) => (
        <Space size={4} wrap>
          <span>{r.memberName}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.cardNo}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('principal'), dataIndex: 'principalFen', key: 'principalFen', width: 120, align: 'right', render: (v: number) => formatFen(v) },
    { title: t('bonus'), dataIndex: 'bonusFen', key: 'bonusFen', width: 110, align: 'right', render: (v: number) => formatFen(v) },
    { title: t('points'), dataIndex: 'points', key: 'points', width: 90, align: 'right', render: (v: number) => formatNumber(v) },
    { title: t('tenders'), key: 'tenders', width: 200, ellipsis: true, render: (_, r) => tenderText(r) },
    { title: t('status'), dataIndex: 'status', key: 'status', width: 110, render: (s: TopupStatus) => <StatusTag status={s} /> },
    { title: t('createdBy'), dataIndex: 'createdByName', key: 'createdByName', width: 100 },
    {
      title: t('common:table.actions'),
      key: 'actions',
      width: 210,
      fixed: 'right',
      render: (_, r) => <RowActions r={r} actions={actions} />,
    },
  ];

  const csvColumns = [
    { title: t('docNo'), value: (r: Topup) => r.docNo },
    { title: t('createdAt'), value: (r: Topup) => formatDateTime(r.createdAt) },
    { title: t('businessDay'), value: (r: Topup) => r.businessDay },
    { title: t('store'), value: (r: Topup) => r.storeName },
    { title: t('member'), value: (r: Topup) => r.memberName },
    { title: t('cardNo'), value: (r: Topup) => r.cardNo },
    // amounts in yuan as plain numbers so spreadsheets can add them up
    { title: `${t('principal')} (¥)`, value: (r: Topup) => formatFen(r.principalFen).replace(/[¥,]/g, '') },
    { title: `${t('bonus')} (¥)`, value: (r: Topup) => formatFen(r.bonusFen).replace(/[¥,]/g, '') },
    { title: t('points'), value: (r: Topup) => r.points },
    { title: t('rule'), value: (r: Topup) => r.ruleName },
    { title: t('tenders'), value: (r: Topup) => tenderText(r) },
    { title: t('status'), value: (r: Topup) => t(`wallet.topup:statuses.${r.status}`) },
    { title: t('createdBy'), value: (r: Topup) => r.createdByName },
    { title: t('approvedBy'), value: (r: Topup) => r.approvedByName ?? '' },
    { title: t('closedReason'), value: (r: Topup) => r.closedReason },
  ];

  return (
    <div data-testid={`topups-table-${mode}`}>
      {mode === 'pending' && !actions.canApprove ? <Alert type="info" showIcon title={t('cannotApprove')} style={{ marginBottom: 12 }} /> : null}
      <Space className="table-toolbar" wrap>
        {table.state.filters.memberId ? (
          <Tag
            closable
            color="blue"
            onClose={() => {
              table.setFilters({ memberId: undefined });
              onClearMember();
            }}
          >
            {t('memberFilter', { name: items[0]?.memberName ?? table.state.filters.memberId })}
          </Tag>
        ) : null}
        {mode === 'all' ? (
          <>
            <Select
              allowClear
              aria-label={t('status')}
              placeholder={t('allStatuses')}
              style={{ width: 150 }}
              value={table.state.filters.status}
              onChange={(v?: TopupStatus) => table.setFilters({ status: v })}
              options={TOPUP_STATUSES.map((s) => ({ value: s, label: t(`wallet.topup:statuses.${s}`) }))}
              data-testid="topups-status-filter"
            />
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
            <Button
              onClick={() => {
                setRange(null);
                table.setFilters({ status: undefined, from: undefined, to: undefined });
              }}
            >
              {t('common:actions.reset')}
            </Button>
          </>
        ) : null}
        <Button icon={<ReloadOutlined />} aria-label={t('common:actions.refresh')} onClick={() => void table.query.refetch()} />
        <ExportCsvButton<Topup> path={TOPUPS_KEY} query={table.params} filename={t('exportName')} columns={csvColumns} />
      </Space>
      <Table<Topup>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={items}
        loading={table.query.isFetching}
        pagination={pagination}
        onChange={table.onChange}
        scroll={{ x: 1500 }}
        locale={mode === 'pending' ? { emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pendingEmpty')} /> } : undefined}
        onRow={(r) => ({ onClick: () => actions.open(r), style: { cursor: 'pointer' } })}
      />
    </div>
  );
}

function TopupDrawer({ id, onClose, actions }: { id: string | null; onClose: () => void; actions: Actions }) {
  const { t } = useTranslation(['wallet.topups', 'wallet.topup', 'common']);
  const me = useMe();
  const q = useQuery({
    queryKey: [TOPUPS_KEY, 'one', id],
    queryFn: () => api.get<Topup>(`/topups/${id}`),
    enabled: !!id,
  });
  const r = q.data;
  return (
    <Drawer
      open={!!id}
      onClose={onClose}
      size={560}
      title={r ? t('detailTitle', { docNo: r.docNo }) : t('detail')}
      destroyOnHidden
      extra={
        r ? (
          <Space>
            <Button icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="topup-drawer-print">
              {t('print')}
            </Button>
          </Space>
        ) : null
      }
      footer={r ? <RowActions r={r} actions={actions} withDetail={false} /> : null}
    >
      <div data-testid="topup-drawer">
        {q.isPending ? (
          <Spin style={{ display: 'block', margin: '48px auto' }} />
        ) : q.isError || !r ? (
          <Result status="warning" title={t('loadFailed')} />
        ) : (
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <TopupReceipt topup={r} merchantName={me.merchant.name} />
            <Descriptions size="small" column={1} bordered className="no-print">
              <Descriptions.Item label={t('status')}>
                <StatusTag status={r.status} />
              </Descriptions.Item>
              <Descriptions.Item label={t('businessDay')}>{r.businessDay}</Descriptions.Item>
              <Descriptions.Item label={t('rule')}>{r.ruleName || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('createdBy')}>{r.createdByName}</Descriptions.Item>
              {r.approvedByName ? (
                <Descriptions.Item label={t('approvedBy')}>
                  {r.approvedByName} · {formatDateTime(r.approvedAt)}
                </Descriptions.Item>
              ) : null}
              {r.closedAt ? (
                <Descriptions.Item label={t('closedReason')}>
                  {r.closedReason || '—'} · {formatDateTime(r.closedAt)}
                </Descriptions.Item>
              ) : null}
            </Descriptions>
            {r.installments.length > 0 ? (
              <div className="no-print">
                <Typography.Title level={5}>{t('installments')}</Typography.Title>
                <Table
                  rowKey="seq"
                  size="small"
                  pagination={false}
                  dataSource={r.installments}
                  columns={[
                    { title: t('seq'), dataIndex: 'seq', key: 'seq', width: 70 },
                    { title: t('dueOn'), dataIndex: 'dueOn', key: 'dueOn' },
                    { title: t('amount'), dataIndex: 'amountFen', key: 'amountFen', align: 'right', render: (v: number) => formatFen(v) },
                    {
                      title: t('installmentStatus'),
                      dataIndex: 'status',
                      key: 'status',
                      render: (s: string) => t(`wallet.topup:installmentStatus.${s}`),
                    },
                  ]}
                />
              </div>
            ) : null}
          </Space>
        )}
      </div>
    </Drawer>
  );
}

export default function TopupsPage() {
  const { t } = useTranslation(['wallet.topups', 'wallet.topup', 'common']);
  const { can } = useAuth();
  const qc = useQueryClient();
  const { message, modal } = App.useApp();
  const showError = useApiError();
  const [params, setParams] = useSearchParams();
  const memberId = params.get('memberId') ?? undefined;
  const canApprove = can('wallet.approve_large_topup');
  const canVoid = can('wallet.topup.void');
  const [tab, setTab] = useState<'pending' | 'all'>(canApprove ? 'pending' : 'all');
  const [openId, setOpenId] = useState<string | null>(null);
  const [reasonFor, setReasonFor] = useState<{ kind: ReasonAction; topup: Topup } | null>(null);
  const [form] = Form.useForm<{ reason: string }>();

  const pendingCount = useQuery({
    queryKey: [TOPUPS_KEY, 'pending-count'],
    queryFn: () => api.get<Paged<Topup>>(TOPUPS_KEY, { status: 'pending_approval', page: 1, pageSize: 1 }).then((r) => r.total),
  });

  const refresh = async () => {
    await qc.invalidateQueries({ queryKey: [TOPUPS_KEY] });
    await qc.invalidateQueries({ queryKey: [MEMBERS_KEY] });
  };

  const actions: Actions = useMemo(
    () => ({
      canApprove,
      canVoid,
      open: (r) => setOpenId(r.id),
      reject: (r) => setReasonFor({ kind: 'reject', topup: r }),
      voidIt: (r) => setReasonFor({ kind: 'void', topup: r }),
      restore: (r) => setReasonFor({ kind: 'restore', topup: r }),
      approve: (r) => {
        modal.confirm({
          title: t('approveTitle', { docNo: r.docNo }),
          content: t('approveContent', { amount: formatFen(r.principalFen), bonus: formatFen(r.bonusFen), points: formatNumber(r.points), member: r.memberName, cardNo: r.cardNo }),
          okText: t('approve'),
          cancelText: t('common:actions.cancel'),
          okButtonProps: { 'data-testid': 'topup-approve-ok' },
          onOk: async () => {
            try {
              await api.post<Topup>(`/topups/${r.id}/approve`, {});
              void message.success(t('approved'));
              await refresh();
            } catch (e) {
              showError(e);
            }
          },
        });
      },
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [canApprove, canVoid, modal, message, t],
  );

  const clearMember = () => {
    const next = new URLSearchParams(params);
    next.delete('memberId');
    setParams(next, { replace: true });
  };

  return (
    <PageContainer title={t('title')} subTitle={t('subtitle')}>
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as 'pending' | 'all')}
        destroyOnHidden
        items={[
          {
            key: 'pending',
            label: (
              <span data-testid="topups-tab-pending">
                {t('tabs.pending')} <Badge count={pendingCount.data ?? 0} size="small" style={{ marginInlineStart: 4 }} />
              </span>
            ),
            children: <TopupTable mode="pending" actions={actions} memberId={memberId} onClearMember={clearMember} />,
          },
          {
            key: 'all',
            label: <span data-testid="topups-tab-all">{t('tabs.all')}</span>,
            children: <TopupTable mode="all" actions={actions} memberId={memberId} onClearMember={clearMember} />,
          },
        ]}
      />
      <TopupDrawer id={openId} onClose={() => setOpenId(null)} actions={actions} />
      <FormModal<{ reason: string }>
        open={!!reasonFor}
        name="topup-reason"
        title={reasonFor ? t(REASON_TEXTS[reasonFor.kind].title, { docNo: reasonFor.topup.docNo }) : ''}
        form={form}
        initialValues={{ reason: '' }}
        okText={reasonFor ? t(REASON_TEXTS[reasonFor.kind].ok) : ''}
        successText={reasonFor ? t(REASON_TEXTS[reasonFor.kind].done) : ''}
        onClose={() => setReasonFor(null)}
        onSubmit={async (v) => {
          if (!reasonFor) return;
          await api.post<Topup>(`/topups/${reasonFor.topup.id}/${reasonFor.kind}`, { reason: v.reason.trim() });
          await refresh();
        }}
      >
        <Flex vertical gap={12}>
          <Alert type="warning" showIcon title={reasonFor ? t(REASON_TEXTS[reasonFor.kind].hint) : ''} />
          {reasonFor ? (
            <Typography.Text>
              {reasonFor.topup.memberName} · {reasonFor.topup.cardNo} · {formatFen(reasonFor.topup.principalFen)}
            </Typography.Text>
          ) : null}
          <Form.Item name="reason" label={t('reason')} rules={[requiredRule(t, t('reason')), maxRule(t, t('reason'), 200)]}>
            <Input.TextArea maxLength={200} autoSize={{ minRows: 2, maxRows: 4 }} autoFocus data-testid="topup-reason" />
          </Form.Item>
        </Flex>
      </FormModal>
    </PageContainer>
  );
}
