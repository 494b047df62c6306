import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Flex, Form, Input, Modal, Result, Row, Select, Space, Spin, Statistic, Tabs, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, DeleteOutlined, DownloadOutlined, EditOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, isApiError } from '../../../app/api';
import { useAuth } from '../../../app/auth';
import { useApiError } from '../../../app/errors';
import { byId, useAllStores, useCustomFields, useMemberLevels, useMemberProgram } from '../../../app/lookups';
import { MEMBERS_KEY, type Member } from '../../../app/members';
import { PageContainer } from '../../../app/components/PageContainer';
import { FormModal } from '../../../app/components/FormModal';
import { CardStatusTag } from '../../../app/components/CardStatusTag';
import { activeFields } from '../../../app/components/CustomFieldsFormItems';
import { formatFen } from '../../../app/money';
import { formatDateTime, formatNumber } from '../../../app/format';
import { maxRule, requiredRule } from '../../../app/validators';
import { timestampForFile } from '../../../app/csv';
import { MemberForm } from '../list/MemberForm';
import { PhotoBox } from './PhotoBox';
import { CardPanel } from './CardPanel';
import { WalletPanel } from './WalletPanel';
import { CouponsPanel } from './CouponsPanel';

function customValueText(v: unknown): string {
  if (v === undefined || v === null || v === '') return '—';
  if (Array.isArray(v)) return v.join(', ');
  return String(v);
}

function ProfilePanel({ member }: { member: Member }) {
  const { t } = useTranslation(['members.detail', 'members.list', 'common']);
  const { stores } = useAllStores();
  const storeMap = useMemo(() => byId(stores), [stores]);
  const fields = useCustomFields('member');
  const referrer = useQuery({
    queryKey: [MEMBERS_KEY, member.referrerId],
    queryFn: () => api.get<Member>(`/members/${member.referrerId}`),
    enabled: !!member.referrerId,
    staleTime: 60_000,
  });
  const defs = activeFields(fields.data);
  return (
    <Descriptions size="small" bordered column={{ xs: 1, sm: 2 }}>
      <Descriptions.Item label={t('members.list:name')}>{member.name}</Descriptions.Item>
      <Descriptions.Item label={t('members.list:phone')}>{member.phone ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('members.list:gender')}>{t(`members.list:genders.${member.gender}`)}</Descriptions.Item>
      <Descriptions.Item label={t('members.list:birthday')}>{member.birthday ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('members.list:idNumber')}>{member.idNumber ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('members.list:homeStore')}>{storeMap.get(member.homeStoreId)?.name ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('members.list:address')} span={2}>
        {member.address || '—'}
      </Descriptions.Item>
      <Descriptions.Item label={t('members.list:tags')}>
        {member.tags.length ? member.tags.map((x) => <Tag key={x}>{x}</Tag>) : '—'}
      </Descriptions.Item>
      <Descriptions.Item label={t('members.list:referrer')}>
        {member.referrerId ? <Link to={`/members/${member.referrerId}`}>{referrer.data?.name ?? '…'}</Link> : '—'}
      </Descriptions.Item>
      <Descriptions.Item label={t('channel')}>{t(`channels.${member.channel}`)}</Descriptions.Item>
      <Descriptions.Item label={t('members.list:registeredAt')}>{formatDateTime(member.createdAt)}</Descriptions.Item>
      <Descriptions.Item label={t('members.list:lastVisitAt')}>
        {member.lastVisitAt ? formatDateTime(member.lastVisitAt) : t('members.list:neverVisited')}
      </Descriptions.Item>
      <Descriptions.Item label={t('common:common.updatedAt')}>{formatDateTime(member.updatedAt)}</Descriptions.Item>
      <Descriptions.Item label={t('members.list:notes')} span={2}>
        <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{member.notes || '—'}</Typography.Text>
      </Descriptions.Item>
      {defs.map((d) => (
        <Descriptions.Item key={d.key} label={d.label}>
          {customValueText(member.customFields[d.key])}
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}

interface LevelForm {
  levelId: string;
  reason: string;
}
const NO_MANUAL = '__none__';

function LevelPanel({ member }: { member: Member }) {
  const { t } = useTranslation(['members.detail', 'common']);
  const { can } = useAuth();
  const qc = useQueryClient();
  const levels = useMemberLevels();
  const program = useMemberProgram();
  const levelMap = useMemo(() => byId(levels.data), [levels.data]);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<LevelForm>();
  const level = member.levelId ? levelMap.get(member.levelId) : undefined;
  const manual = member.manualLevelId ? levelMap.get(member.manualLevelId) : undefined;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        size="small"
        title={t('level.title')}
        extra={
          can('members.level.adjust') && member.status === 'active' ? (
            <Button size="small" data-testid="level-adjust" onClick={() => setOpen(true)}>
              {t('level.adjust')}
            </Button>
          ) : null
        }
      >
        <Descriptions size="small" column={{ xs: 1, sm: 3 }}>
          <Descriptions.Item label={t('level.current')}>
            <span data-testid="member-level">{level ? <Tag color="gold">{level.name}</Tag> : t('level.noLevel')}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('level.manual')}>{manual ? <Tag>{manual.name}</Tag> : t('level.noManual')}</Descriptions.Item>
          <Descriptions.Item label={t('level.basis')}>{program.data ? t(`level.bases.${program.data.levelBasis}`) : '—'}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Row gutter={16}>
        <Col xs={24} sm={8}>
          <Card size="small">
            <Statistic title={t('level.lifetimeSpend')} value={formatFen(member.lifetimeSpendFen)} />
          </Card>
        </Col>
        <Col xs={24} sm={8}>
          <Card size="small">
            <Statistic title={t('level.lifetimePoints')} value={formatNumber(member.lifetimePoints)} />
          </Card>
        </Col>
        <Col xs={24} sm={8}>
          <Card size="small">
            <Statistic title={t('level.lifetimeTopup')} value={formatFen(member.lifetimeTopupFen)} />
          </Card>
        </Col>
      </Row>
      <FormModal<LevelForm>
        open={open}
        name="level-adjust"
        title={t('level.adjustTitle', { name: member.name })}
        form={form}
        initialValues={{ levelId: member.manualLevelId ?? NO_MANUAL }}
        onClose={() => setOpen(false)}
        onSubmit={async (v) => {
          await api.post(`/members/${member.id}/level`, { levelId: v.levelId === NO_MANUAL ? null : v.levelId, reason: v.reason.trim() });
          await qc.invalidateQueries({ queryKey: [MEMBERS_KEY] });
          await qc.invalidateQueries({ queryKey: ['/member-levels'] });
        }}
      >
        <Alert type="info" showIcon title={t('level.adjustHelp')} style={{ marginBottom: 16 }} />
        <Form.Item name="levelId" label={t('level.manual')} rules={[requiredRule(t, t('level.manual'), true)]}>
          <Select
            options={[
              { value: NO_MANUAL, label: t('level.clearManual') },
              ...[...(levels.data ?? [])].sort((a, b) => a.rank - b.rank).map((l) => ({ value: l.id, label: l.name })),
            ]}
          />
        </Form.Item>
        <Form.Item name="reason" label={t('reason')} rules={[requiredRule(t, t('reason')), maxRule(t, t('reason'), 200)]}>
          <Input.TextArea maxLength={200} autoSize={{ minRows: 2, maxRows: 4 }} />
        </Form.Item>
      </FormModal>
    </Space>
  );
}

function ComingSoon({ what }: { what: string }) {
  const { t } = useTranslation('members.detail');
  return <Empty description={t('comingSoon', { what })} />;
}

function PersonalDataPanel({ member }: { member: Member }) {
  const { t } = useTranslation(['members.detail', 'common']);
  const { message } = App.useApp();
  const showError = useApiError();
  const qc = useQueryClient();
  const [exporting, setExporting] = useState(false);
  const [erasing, setErasing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();

  const exportData = async () => {
    setExporting(true);
    try {
      const data = await api.get<unknown>(`/members/${member.id}/personal-data`);
      const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `${t('personal.fileName')}-${member.id}-${timestampForFile()}.json`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
      void message.success(t('personal.exported'));
    } catch (e) {
      showError(e);
    } finally {
      setExporting(false);
    }
  };

  const erase = async () => {
    let v: { reason: string };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      await api.post(`/members/${member.id}/erase`, { reason: v.reason.trim() });
      void message.success(t('personal.erased'));
      setErasing(false);
      await qc.invalidateQueries({ queryKey: [MEMBERS_KEY] });
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Alert type="info" showIcon title={t('personal.help')} />
      <Space wrap>
        <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportData()} data-testid="member-personal-export">
          {t('personal.export')}
        </Button>
        <Button
          danger
          icon={<DeleteOutlined />}
          disabled={member.status !== 'active'}
          onClick={() => {
            form.resetFields();
            setErasing(true);
          }}
          data-testid="member-personal-erase"
        >
          {t('personal.erase')}
        </Button>
      </Space>
      <Modal
        open={erasing}
        title={t('personal.eraseTitle', { name: member.name })}
        onCancel={() => setErasing(false)}
        onOk={() => void erase()}
        okText={t('personal.eraseOk')}
        okButtonProps={{ danger: true, loading: busy }}
        cancelText={t('common:actions.cancel')}
        destroyOnHidden
        mask={{ closable: false }}
      >
        <Alert type="error" showIcon title={t('personal.eraseWarning')} style={{ marginBottom: 16 }} />
        <Form form={form} layout="vertical" name="erase">
          <Form.Item name="reason" label={t('reason')} rules={[requiredRule(t, t('reason')), maxRule(t, t('reason'), 200)]}>
            <Input.TextArea maxLength={200} autoSize={{ minRows: 2, maxRows: 4 }} data-testid="member-erase-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

export default function MemberDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation(['members.detail', 'common']);
  const { can } = useAuth();
  const nav = useNavigate();
  const levels = useMemberLevels();
  const levelMap = useMemo(() => byId(levels.data), [levels.data]);
  const [editing, setEditing] = useState(false);
  const q = useQuery({
    queryKey: [MEMBERS_KEY, id],
    queryFn: () => api.get<Member>(`/members/${id}`),
  });

  if (q.isPending) return <Spin style={{ display: 'block', margin: '80px auto' }} />;
  if (q.isError || !q.data) {
    return (
      <Result
        status={isApiError(q.error) && q.error.status === 404 ? '404' : 'error'}
        title={isApiError(q.error) ? q.error.message : t('loadFailed')}
        extra={<Button onClick={() => nav('/members')}>{t('backToList')}</Button>}
      />
    );
  }
  const m = q.data;
  const active = m.status === 'active';
  const level = m.levelId ? levelMap.get(m.levelId) : undefined;
  const canEdit = active && can('members.edit');

  const tabs = [
    { key: 'profile', label: t('tabs.profile'), children: <ProfilePanel member={m} /> },
    { key: 'card', label: t('tabs.card'), children: <CardPanel member={m} /> },
    { key: 'level', label: t('tabs.level'), children: <LevelPanel member={m} /> },
    ...(can('wallet.view') ? [{ key: 'balance', label: t('tabs.balance'), children: <WalletPanel member={m} /> }] : []),
    { key: 'orders', label: t('tabs.orders'), children: <ComingSoon what={t('tabs.orders')} /> },
    { key: 'coupons', label: <span data-testid="member-tab-coupons">{t('tabs.coupons')}</span>, children: <CouponsPanel member={m} /> },
    ...(can('members.erase') ? [{ key: 'personal', label: t('tabs.personal'), children: <PersonalDataPanel member={m} /> }] : []),
  ];

  return (
    <PageContainer
      noCard
      title={
        <Space wrap>
          <span data-testid="member-name">{m.name}</span>
          {level ? <Tag color="gold">{level.name}</Tag> : null}
          <Tag color={active ? 'success' : 'default'}>{t(`memberStatus.${m.status}`)}</Tag>
        </Space>
      }
      subTitle={
        <Space>
          <span data-testid="member-phone">{m.phone ?? '—'}</span>
          {m.masked ? <Typography.Text type="secondary">{t('masked')}</Typography.Text> : null}
        </Space>
      }
      extra={
        <>
          <Button icon={<ArrowLeftOutlined />} onClick={() => nav('/members')}>
            {t('backToList')}
          </Button>
          {canEdit ? (
            <Button type="primary" icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="member-edit">
              {t('editProfile')}
            </Button>
          ) : null}
        </>
      }
    >
      <Card variant="borderless">
        <Flex gap={24} wrap align="flex-start">
          <PhotoBox member={m} canEdit={canEdit} />
          <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} style={{ flex: 1, minWidth: 280 }}>
            <Descriptions.Item label={t('card.cardNo')}>{m.card ? <Typography.Text code>{m.card.cardNo}</Typography.Text> : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('card.status')}>
              <CardStatusTag status={m.card?.status} />
            </Descriptions.Item>
            <Descriptions.Item label={t('level.current')}>{level?.name ?? t('level.noLevel')}</Descriptions.Item>
            <Descriptions.Item label={t('level.lifetimeSpend')}>{formatFen(m.lifetimeSpendFen)}</Descriptions.Item>
            <Descriptions.Item label={t('level.lifetimePoints')}>{formatNumber(m.lifetimePoints)}</Descriptions.Item>
            <Descriptions.Item label={t('level.lifetimeTopup')}>{formatFen(m.lifetimeTopupFen)}</Descriptions.Item>
          </Descriptions>
        </Flex>
        <Tabs style={{ marginTop: 16 }} items={tabs} destroyOnHidden={false} />
      </Card>
      <MemberForm open={editing} member={m} onClose={() => setEditing(false)} />
    </PageContainer>
  );
}
