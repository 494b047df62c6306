import { useMemo, useState } from 'react';
import { Button, Card, DatePicker, Descriptions, Empty, Form, Input, Select, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../app/api';
import { useAuth } from '../../../app/auth';
import { byId, useCardTypes } from '../../../app/lookups';
import { MEMBERS_KEY, type CardStatus, type Member, type MemberCard } from '../../../app/members';
import { FormModal } from '../../../app/components/FormModal';
import { CardStatusTag } from '../../../app/components/CardStatusTag';
import { formatDateTime } from '../../../app/format';
import { maxRule, requiredRule } from '../../../app/validators';
import { CARD_NO_RE, CardNoInput } from '../list/CardNoInput';

export type CardActionKey = 'report_lost' | 'cancel_loss' | 'freeze' | 'unfreeze' | 'replace' | 'extend' | 'issue';

interface ActionSpec {
  /** statuses the card must have */
  from: CardStatus[];
  permission: string;
  path: string;
  danger?: boolean;
}

const ACTIONS: Record<Exclude<CardActionKey, 'issue'>, ActionSpec> = {
  report_lost: { from: ['active'], permission: 'members.cards.manage', path: 'report-lost', danger: true },
  cancel_loss: { from: ['lost'], permission: 'members.cards.manage', path: 'cancel-loss' },
  freeze: { from: ['active'], permission: 'members.cards.manage', path: 'freeze', danger: true },
  unfreeze: { from: ['frozen'], permission: 'members.cards.manage', path: 'unfreeze' },
  replace: { from: ['active', 'lost', 'frozen'], permission: 'members.cards.replace', path: 'replace' },
  extend: { from: ['active', 'expired'], permission: 'members.cards.extend', path: 'extend' },
};

interface ActionForm {
  reason?: string;
  newCardNo?: string;
  until?: Dayjs | null;
  cardTypeId?: string;
  cardNo?: string;
}

/** The live card with its actions, and every card the member has held. */
export function CardPanel({ member }: { member: Member }) {
  const { t } = useTranslation(['members.detail', 'members.list', 'common']);
  const { can } = useAuth();
  const qc = useQueryClient();
  const cardTypes = useCardTypes();
  const typeMap = useMemo(() => byId(cardTypes.data), [cardTypes.data]);
  const history = useQuery({
    queryKey: [MEMBERS_KEY, member.id, 'cards'],
    queryFn: () => api.get<{ items: MemberCard[] }>(`/members/${member.id}/cards`).then((r) => r.items),
  });
  const [action, setAction] = useState<{ key: CardActionKey; card?: MemberCard } | null>(null);
  const [form] = Form.useForm<ActionForm>();
  const erased = member.status === 'erased';

  // the live card; without one, an expired card can still be extended
  const current: MemberCard | null =
    member.card ?? (history.data ?? []).filter((c) => c.status === 'expired').sort((a, b) => b.issuedAt.localeCompare(a.issuedAt))[0] ?? null;
  const typeName = (id: string) => typeMap.get(id)?.name ?? '';

  const available = (card: MemberCard | null) =>
    erased || !card
      ? []
      : (Object.keys(ACTIONS) as (keyof typeof ACTIONS)[]).filter((k) => ACTIONS[k].from.includes(card.status) && can(ACTIONS[k].permission));
  const actions = available(current);
  const canIssue = !erased && !member.card && can('members.cards.issue');

  const run = async (v: ActionForm) => {
    if (!action) return;
    const reason = v.reason?.trim() ?? '';
    if (action.key === 'issue') {
      await api.post(`/members/${member.id}/cards`, { cardTypeId: v.cardTypeId, cardNo: v.cardNo?.trim() ? v.cardNo.trim() : undefined });
    } else if (action.card) {
      const path = `/cards/${action.card.id}/${ACTIONS[action.key].path}`;
      if (action.key === 'replace') await api.post(path, { reason, newCardNo: v.newCardNo?.trim() ? v.newCardNo.trim() : undefined });
      else if (action.key === 'extend') await api.post(path, { reason, until: v.until ? v.until.format('YYYY-MM-DD') : undefined });
      else await api.post(path, { reason });
    }
    await qc.invalidateQueries({ queryKey: [MEMBERS_KEY] });
  };

  const columns: TableColumnsType<MemberCard> = [
    { title: t('card.cardNo'), dataIndex: 'cardNo', key: 'cardNo', width: 160, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
    { title: t('card.type'), dataIndex: 'cardTypeId', key: 'cardTypeId', width: 120, render: (id: string) => typeName(id) },
    { title: t('card.status'), dataIndex: 'status', key: 'status', width: 100, render: (s: CardStatus) => <CardStatusTag status={s} /> },
    { title: t('card.issuedAt'), dataIndex: 'issuedAt', key: 'issuedAt', width: 170, render: (v: string) => formatDateTime(v) },
    { title: t('card.expiresAt'), dataIndex: 'expiresAt', key: 'expiresAt', width: 170, render: (v: string | null) => (v ? formatDateTime(v) : t('card.permanent')) },
    { title: t('card.statusReason'), dataIndex: 'statusReason', key: 'statusReason', ellipsis: true, render: (v: string) => v || '—' },
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        size="small"
        title={t('card.current')}
        extra={
          <Space wrap size={4}>
            {actions.map((k) => (
              <Button key={k} size="small" danger={ACTIONS[k].danger} data-testid={`card-action-${k}`} onClick={() => setAction({ key: k, card: current ?? undefined })}>
                {t(`card.actions.${k}`)}
              </Button>
            ))}
            {canIssue ? (
              <Button size="small" type="primary" data-testid="card-action-issue" onClick={() => setAction({ key: 'issue' })}>
                {t('card.actions.issue')}
              </Button>
            ) : null}
          </Space>
        }
      >
        {current ? (
          <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
            <Descriptions.Item label={t('card.cardNo')}>
              <Typography.Text code copyable data-testid="member-card-no">
                {current.cardNo}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('card.status')}>
              <span data-testid="member-card-status">
                <CardStatusTag status={current.status} />
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('card.type')}>{typeName(current.cardTypeId) || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('card.issuedAt')}>{formatDateTime(current.issuedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('card.expiresAt')}>{current.expiresAt ? formatDateTime(current.expiresAt) : t('card.permanent')}</Descriptions.Item>
            <Descriptions.Item label={t('card.statusReason')}>{current.statusReason || '—'}</Descriptions.Item>
          </Descriptions>
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('card.none')} />
        )}
      </Card>
      <Card size="small" title={t('card.history')}>
        <Table<MemberCard>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={history.data ?? []}
          loading={history.isFetching}
          pagination={false}
          scroll={{ x: 900 }}
        />
      </Card>

      <FormModal<ActionForm>
        open={!!action}
        name="card-action"
        title={action ? t(`card.actions.${action.key}`) + (action.card ? ` · ${action.card.cardNo}` : '') : ''}
        form={form}
        initialValues={{}}
        okText={t('common:actions.confirm')}
        successText={action ? t(`card.done.${action.key}`) : undefined}
        onClose={() => setAction(null)}
        onSubmit={run}
      >
        {action?.key === 'issue' ? (
          <>
            <Form.Item name="cardTypeId" label={t('members.list:cardType')} rules={[requiredRule(t, t('members.list:cardType'), true)]}>
              <Select
                options={(cardTypes.data ?? []).filter((c) => c.status === 'active').map((c) => ({ value: c.id, label: `${c.name} (${c.code})` }))}
              />
            </Form.Item>
            <Form.Item
              name="cardNo"
              label={t('members.list:cardNo')}
              tooltip={t('members.list:cardNoHelp')}
              rules={[{ pattern: CARD_NO_RE, message: t('members.list:cardNoInvalid') }]}
            >
              <CardNoInput autoFocus data-testid="card-action-card-no" />
            </Form.Item>
          </>
        ) : null}
        {action?.key === 'replace' ? (
          <Form.Item
            name="newCardNo"
            label={t('card.newCardNo')}
            tooltip={t('members.list:cardNoHelp')}
            rules={[{ pattern: CARD_NO_RE, message: t('members.list:cardNoInvalid') }]}
          >
            <CardNoInput autoFocus data-testid="card-action-card-no" />
          </Form.Item>
        ) : null}
        {action?.key === 'extend' ? (
          <Form.Item name="until" label={t('card.until')} tooltip={t('card.untilHelp')}>
            <DatePicker style={{ width: '100%' }} disabledDate={(d) => !d.isAfter(dayjs(), 'day')} />
          </Form.Item>
        ) : null}
        {action && action.key !== 'issue' ? (
          <Form.Item name="reason" label={t('reason')} rules={[requiredRule(t, t('reason')), maxRule(t, t('reason'), 200)]}>
            <Input.TextArea maxLength={200} autoSize={{ minRows: 2, maxRows: 4 }} data-testid="card-action-reason" />
          </Form.Item>
        ) : null}
      </FormModal>
    </Space>
  );
}
