import { useMemo, useRef, useState, type HTMLAttributes } from 'react';
import { Alert, App, Button, Card, Col, Empty, Flex, Form, Input, Modal, Row, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { CloseCircleOutlined, FieldTimeOutlined, PayCircleOutlined, ReloadOutlined, ScanOutlined, UserDeleteOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, isApiError, type Paged } from '../../../app/api';
import { useAuth, useMe } from '../../../app/auth';
import { useApiError } from '../../../app/errors';
import { formatDateTime } from '../../../app/format';
import type { CardBlock, Member } from '../../../app/members';
import { formatFen } from '../../../app/money';
import { PageContainer } from '../../../app/components/PageContainer';
import { CheckoutDialog } from './CheckoutDialog';
import { useMemberBriefs } from '../../../app/memberBriefs';
import { SESSIONS_KEY, type TimedProduct, type TimedSession } from './timed';

const REFRESH_MS = 30_000;

/** 'HH:mm' today, else 'MM-DD HH:mm'. */
function shortTime(iso: string): string {
  const full = formatDateTime(iso);
  const today = formatDateTime(new Date().toISOString()).slice(0, 10);
  return full.startsWith(today) ? full.slice(11, 16) : full.slice(5, 16);
}

/** 计时: running sessions at the current store, check-in, check-out at the till, cancel. */
export default function TimedPage() {
  const { t } = useTranslation(['checkout.timed', 'common']);
  const me = useMe();
  const { can } = useAuth();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  const storeId = me.currentStoreId;

  const sessions = useQuery({
    queryKey: [SESSIONS_KEY, storeId],
    queryFn: ({ signal }) => api.get<{ items: TimedSession[] }>('/timed-sessions', undefined, { signal }),
    enabled: !!storeId,
    // the elapsed time and the charge so far come from the server: ask again every 30 s
    refetchInterval: REFRESH_MS,
    staleTime: 0,
  });
  const rows = useMemo(() => sessions.data?.items ?? [], [sessions.data]);
  const members = useMemberBriefs(rows.map((r) => r.memberId));

  const products = useQuery({
    queryKey: ['/products', 'list', { kind: 'timed', status: 'active' }],
    queryFn: () => api.get<Paged<TimedProduct>>('/products', { kind: 'timed', status: 'active', page: 1, pageSize: 100 }),
    staleTime: 60_000,
  });

  // ---- check in ------------------------------------------------------------------------------------
  const [form] = Form.useForm<{ productId?: string; label?: string }>();
  const [member, setMember] = useState<Member | null>(null);
  const [memberBlock, setMemberBlock] = useState<CardBlock | null>(null);
  const [memberText, setMemberText] = useState('');
  const [memberBusy, setMemberBusy] = useState(false);
  const [memberError, setMemberError] = useState<string | null>(null);
  const [checkingIn, setCheckingIn] = useState(false);
  const checkInBusy = useRef(false);

  const lookupMember = async () => {
    const code = memberText.trim();
    if (!code || memberBusy) return;
    setMemberBusy(true);
    setMemberError(null);
    try {
      const r = await api.get<{ member: Member; cardBlock: CardBlock | null }>('/members/lookup', { code });
      setMember(r.member);
      setMemberBlock(r.cardBlock);
      setMemberText('');
    } catch (e) {
      setMemberError(isApiError(e) ? e.message : String(e));
    } finally {
      setMemberBusy(false);
    }
  };

  const checkIn = async () => {
    if (checkInBusy.current) return;
    let values: { productId?: string; label?: string };
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    checkInBusy.current = true;
    setCheckingIn(true);
    try {
      const s = await api.post<TimedSession>('/timed-sessions', { productId: values.productId, memberId: member?.id ?? null, label: (values.label ?? '').trim() });
      void message.success(t('checkIn.done', { name: `${s.productName} ${s.label}`.trim() }));
      form.setFieldsValue({ label: '' });
      setMember(null);
      setMemberBlock(null);
      setMemberError(null);
      await qc.invalidateQueries({ queryKey: [SESSIONS_KEY] });
    } catch (e) {
      showError(e, form);
    } finally {
      checkInBusy.current = false;
      setCheckingIn(false);
    }
  };

  // ---- check out / cancel --------------------------------------------------------------------------
  const [paying, setPaying] = useState<TimedSession | null>(null);
  const [cancelling, setCancelling] = useState<TimedSession | null>(null);

  const sessionName = (s: TimedSession) => `${s.label || s.productName}`;
  const memberCell = (s: TimedSession) => {
    if (!s.memberId) return <Typography.Text type="secondary">{t('list.walkIn')}</Typography.Text>;
    const m = members.get(s.memberId);
    return m ? (
      <Space size={4} wrap>
        <span>{m.name}</span>
        {m.cardNo ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{m.cardNo}</Typography.Text> : null}
      </Space>
    ) : (
      <Tag>{t('list.memberUnknown')}</Tag>
    );
  };

  const columns: TableColumnsType<TimedSession> = [
    {
      title: t('list.label'),
      dataIndex: 'label',
      key: 'label',
      render: (v: string) => (v ? <Typography.Text strong data-testid="timed-row-label">{v}</Typography.Text> : <Typography.Text type="secondary">—</Typography.Text>),
    },
    { title: t('list.service'), dataIndex: 'productName', key: 'productName' },
    { title: t('list.member'), key: 'member', render: (_: unknown, s) => memberCell(s) },
    {
      title: t('list.checkedInAt'),
      dataIndex: 'checkedInAt',
      key: 'checkedInAt',
      render: (v: string) => <Tooltip title={formatDateTime(v)}>{shortTime(v)}</Tooltip>,
    },
    {
      title: t('list.elapsed'),
      dataIndex: 'minutes',
      key: 'minutes',
      align: 'right',
      render: (v: number) => <span data-testid="timed-row-minutes">{t('minutes', { count: v })}</span>,
    },
    {
      title: t('list.billed'),
      dataIndex: 'billedMinutes',
      key: 'billedMinutes',
      align: 'right',
      render: (v: number, s) =>
        s.chargeFen === 0 && v === 0 ? <Tag color="green">{t('list.free')}</Tag> : <span data-testid="timed-row-billed">{t('minutes', { count: v })}</span>,
    },
    {
      title: (
        <Tooltip title={t('list.chargeHint')}>
          <span>{t('list.charge')}</span>
        </Tooltip>
      ),
      dataIndex: 'chargeFen',
      key: 'chargeFen',
      align: 'right',
      render: (v: number) => (
        <Typography.Text strong data-testid="timed-row-charge">
          {formatFen(v)}
        </Typography.Text>
      ),
    },
    {
      title: t('list.actions'),
      key: 'actions',
      width: 180,
      fixed: 'right',
      render: (_: unknown, s) => (
        <Space size={4}>
          <Button type="primary" size="small" icon={<PayCircleOutlined />} onClick={() => setPaying(s)} data-testid="timed-checkout">
            {t('list.checkOut')}
          </Button>
          <Button size="small" danger icon={<CloseCircleOutlined />} onClick={() => setCancelling(s)} data-testid="timed-cancel">
            {t('list.cancel')}
          </Button>
        </Space>
      ),
    },
  ];

  if (!storeId) {
    return (
      <PageContainer title={t('title')} subTitle={t('subtitle')}>
        <Alert type="warning" showIcon title={t('noStore')} data-testid="timed-no-store" />
      </PageContainer>
    );
  }

  const productOptions = (products.data?.items ?? []).map((p) => ({
    value: p.id,
    label: `${p.name} · ${t('checkIn.servicePrice', { price: formatFen(p.listPriceFen), unit: p.unit })}`,
  }));

  return (
    <PageContainer title={t('title')} subTitle={t('subtitle')} noCard>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={7} xxl={6}>
          <Card title={t('checkIn.title')} size="small" data-testid="timed-checkin">
            <Form form={form} layout="vertical" requiredMark={false} onFinish={() => void checkIn()}>
              <Form.Item name="productId" label={t('checkIn.service')} rules={[{ required: true, message: t('checkIn.servicePlaceholder') }]}>
                <Select
                  data-testid="timed-service"
                  placeholder={t('checkIn.servicePlaceholder')}
                  options={productOptions}
                  loading={products.isPending}
                  showSearch={{ optionFilterProp: 'label' }}
                  notFoundContent={products.isPending ? undefined : t('checkIn.noServices')}
                />
              </Form.Item>
              <Form.Item name="label" label={t('checkIn.label')}>
                <Input data-testid="timed-label" placeholder={t('checkIn.labelPlaceholder')} maxLength={40} autoComplete="off" />
              </Form.Item>
              <Form.Item label={t('checkIn.member')} style={{ marginBottom: 12 }}>
                {member ? (
                  <Flex justify="space-between" align="center" gap={8} data-testid="timed-checkin-member">
                    <Space size={6} wrap>
                      <Typography.Text strong>{member.name}</Typography.Text>
                      <Typography.Text type="secondary">{member.card?.cardNo ?? member.phone ?? ''}</Typography.Text>
                    </Space>
                    <Button size="small" icon={<UserDeleteOutlined />} onClick={() => setMember(null)}>
                      {t('checkIn.memberClear')}
                    </Button>
                  </Flex>
                ) : (
                  <Input.Search
                    data-testid="timed-member"
                    prefix={<ScanOutlined />}
                    placeholder={can('members.view') ? t('checkIn.memberPlaceholder') : t('checkIn.memberNoPermission')}
                    disabled={!can('members.view')}
                    autoComplete="off"
                    maxLength={64}
                    enterButton={t('checkIn.memberFind')}
                    loading={memberBusy}
                    value={memberText}
                    onChange={(e) => setMemberText(e.target.value)}
                    onSearch={() => void lookupMember()}
                    onPressEnter={(e) => e.preventDefault()}
                  />
                )}
                {memberError ? (
                  <Typography.Text type="danger" style={{ display: 'block', marginTop: 4 }} data-testid="timed-member-error">
                    {memberError}
                  </Typography.Text>
                ) : null}
                {member && memberBlock ? <Alert type="warning" showIcon title={t(`common:memberLookup.blocks.${memberBlock}`)} style={{ marginTop: 6 }} /> : null}
              </Form.Item>
              <Button type="primary" block icon={<FieldTimeOutlined />} loading={checkingIn} onClick={() => void checkIn()} data-testid="timed-checkin-submit">
                {t('checkIn.submit')}
              </Button>
            </Form>
          </Card>
        </Col>
        <Col xs={24} lg={17} xxl={18}>
          <Card
            size="small"
            title={
              <Space>
                {t('list.title')}
                <Typography.Text type="secondary" style={{ fontWeight: 'normal' }} data-testid="timed-count">
                  {t('list.count', { count: rows.length })}
                </Typography.Text>
              </Space>
            }
            extra={
              <Tooltip title={t('refreshHint')}>
                <Button size="small" icon={<ReloadOutlined />} loading={sessions.isFetching} onClick={() => void sessions.refetch()} data-testid="timed-refresh">
                  {t('refresh')}
                </Button>
              </Tooltip>
            }
          >
            {sessions.isError ? <Alert type="error" showIcon title={isApiError(sessions.error) ? sessions.error.message : String(sessions.error)} style={{ marginBottom: 8 }} /> : null}
            <Table<TimedSession>
              rowKey="id"
              size="middle"
              columns={columns}
              dataSource={rows}
              loading={sessions.isPending}
              pagination={false}
              scroll={{ x: 820 }}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('list.empty')} /> }}
              onRow={(s) => ({ 'data-testid': 'timed-session', 'data-session-id': s.id, 'data-label': s.label }) as HTMLAttributes<HTMLElement>}
              data-testid="timed-sessions"
            />
          </Card>
        </Col>
      </Row>

      {paying ? (
        <CheckoutDialog
          session={paying}
          onClose={() => {
            setPaying(null);
            void qc.invalidateQueries({ queryKey: [SESSIONS_KEY] });
          }}
        />
      ) : null}
      <CancelModal
        session={cancelling}
        title={cancelling ? t('cancel.title', { name: sessionName(cancelling) }) : ''}
        onClose={() => setCancelling(null)}
        onDone={() => {
          setCancelling(null);
          void message.success(t('cancel.done'));
          void qc.invalidateQueries({ queryKey: [SESSIONS_KEY] });
        }}
      />
    </PageContainer>
  );
}

/** 取消: a session started by mistake ends without a charge; the reason goes to the audit log. */
function CancelModal({ session, title, onClose, onDone }: { session: TimedSession | null; title: string; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation(['checkout.timed', 'common']);
  const showError = useApiError();
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    if (!session || busy) return;
    let values: { reason: string };
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      await api.post(`/timed-sessions/${session.id}/cancel`, { reason: values.reason.trim() });
      onDone();
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={!!session}
      title={title}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('cancel.ok')}
      cancelText={t('cancel.back')}
      okButtonProps={{ danger: true, loading: busy, ...{ 'data-testid': 'timed-cancel-ok' } }}
      destroyOnHidden
      afterOpenChange={(open) => {
        // cleared once closed: resetting on open would wipe a reason typed during the opening animation
        if (!open) form.resetFields();
      }}
    >
      <Alert type="info" showIcon title={t('cancel.hint')} style={{ marginBottom: 12 }} />
      <Form form={form} layout="vertical" onFinish={() => void submit()}>
        <Form.Item name="reason" label={t('cancel.reason')} rules={[{ required: true, whitespace: true, message: t('cancel.reasonRequired') }]}>
          <Input data-testid="timed-cancel-reason" placeholder={t('cancel.reasonPlaceholder')} maxLength={100} autoFocus autoComplete="off" />
        </Form.Item>
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
