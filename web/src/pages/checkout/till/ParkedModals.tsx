import { useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Empty, Input, Modal, Space, Table, Typography } from 'antd';
import type { InputRef } from 'antd';
import { DeleteOutlined, ImportOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { api, isApiError } from '../../../app/api';
import { formatFen } from '../../../app/money';
import { formatDateTime, formatNumber } from '../../../app/format';
import type { ParkedOrder } from './checkout';
import { useMemberBriefs } from '../../../app/memberBriefs';

export const PARKED_KEY = '/parked-orders';

/** 挂单: an optional label (the customer's name, "table 3"…), Enter parks. */
export function ParkModal({ open, summary, onPark, onClose }: { open: boolean; summary: string; onPark: (label: string) => Promise<void>; onClose: () => void }) {
  const { t } = useTranslation(['checkout.till', 'common']);
  const ref = useRef<InputRef>(null);
  const [label, setLabel] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (open) {
      setLabel('');
      setError(null);
      setBusy(false);
    }
  }, [open]);
  const submit = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await onPark(label.trim());
    } catch (e) {
      setError(isApiError(e) ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={t('park.title')}
      onCancel={onClose}
      destroyOnHidden
      okText={t('park.ok')}
      cancelText={t('common:actions.cancel')}
      okButtonProps={{ loading: busy, ...{ 'data-testid': 'till-park-ok' } }}
      onOk={() => void submit()}
      afterOpenChange={(o) => {
        if (o) ref.current?.focus();
      }}
      data-testid="till-park-modal"
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{summary}</Typography.Text>
        <Input
          ref={ref}
          data-testid="till-park-label"
          aria-label={t('park.label')}
          placeholder={t('park.labelPlaceholder')}
          maxLength={40}
          autoComplete="off"
          value={label}
          onChange={(e) => setLabel(e.target.value)}
          onPressEnter={(e) => {
            e.preventDefault();
            e.stopPropagation();
            void submit();
          }}
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('park.hint')}
        </Typography.Text>
        {error ? <Alert type="error" showIcon title={error} /> : null}
      </Space>
    </Modal>
  );
}

function itemCount(p: ParkedOrder): number {
  return p.cart.lines.reduce((s, l) => s + l.quantity, 0);
}

/**
 * 取单: the parked sales of this store (any till), newest first. ↑/↓ choose, Enter resumes,
 * Delete discards (after a confirmation). A sale another till took meanwhile is refused and the
 * list refreshes.
 */
export function ParkedListModal({ open, onResume, onClose }: { open: boolean; onResume: (p: ParkedOrder) => Promise<void>; onClose: () => void }) {
  const { t } = useTranslation(['checkout.till', 'common']);
  const { modal, message } = App.useApp();
  const [active, setActive] = useState(0);
  const [busyId, setBusyId] = useState<string | null>(null);
  const confirming = useRef(false);
  const list = useQuery({
    queryKey: [PARKED_KEY],
    queryFn: () => api.get<{ items: ParkedOrder[] }>(PARKED_KEY),
    enabled: open,
    staleTime: 0,
  });
  const items = open ? (list.data?.items ?? []) : [];
  const members = useMemberBriefs(items.map((p) => p.memberId));
  useEffect(() => {
    if (open) setActive(0);
  }, [open]);

  const gone = (e: unknown) => {
    void message.error({ content: isApiError(e) ? e.message : String(e), key: 'till-parked' });
    void list.refetch();
  };
  const resume = async (p: ParkedOrder) => {
    if (busyId) return;
    setBusyId(p.id);
    try {
      await onResume(p);
    } catch (e) {
      gone(e);
    } finally {
      setBusyId(null);
    }
  };
  const discard = (p: ParkedOrder) => {
    confirming.current = true;
    modal.confirm({
      title: t('parked.discardTitle'),
      content: t('parked.discardContent', { label: p.label || t('parked.noLabel'), time: formatDateTime(p.createdAt) }),
      okText: t('parked.discard'),
      okButtonProps: { danger: true, ...{ 'data-testid': 'till-parked-discard-ok' } },
      cancelText: t('common:actions.cancel'),
      onOk: async () => {
        try {
          await api.delete(`${PARKED_KEY}/${p.id}`);
          void message.success({ content: t('parked.discarded'), key: 'till-parked' });
          await list.refetch();
        } catch (e) {
          gone(e);
        }
      },
      afterClose: () => {
        confirming.current = false;
      },
    });
  };

  const keys = useRef({ items, active, resume, discard });
  useEffect(() => {
    keys.current = { items, active, resume, discard };
  });
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (confirming.current) return;
      const k = keys.current;
      if (e.key === 'ArrowDown') {
        e.preventDefault();
        setActive((a) => Math.min(k.items.length - 1, a + 1));
      } else if (e.key === 'ArrowUp') {
        e.preventDefault();
        setActive((a) => Math.max(0, a - 1));
      } else if (e.key === 'Enter') {
        const p = k.items[k.active];
        if (!p) return;
        e.preventDefault();
        e.stopPropagation();
        void k.resume(p);
      } else if (e.key === 'Delete') {
        const p = k.items[k.active];
        if (p) {
          e.preventDefault();
          k.discard(p);
        }
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [open]);

  return (
    <Modal open={open} title={t('parked.title')} onCancel={onClose} footer={null} width={760} destroyOnHidden data-testid="till-parked-modal">
      <Typography.Text type="secondary">{t('parked.hint')}</Typography.Text>
      <Table<ParkedOrder>
        size="small"
        rowKey="id"
        style={{ marginTop: 8 }}
        loading={list.isFetching}
        pagination={false}
        scroll={{ y: 380 }}
        dataSource={items}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('parked.empty')} /> }}
        rowClassName={(_, i) => (i === active ? 'till-row-selected' : '')}
        onRow={(_, i) => ({ onMouseEnter: () => setActive(i ?? 0) })}
        columns={[
          { title: t('parked.time'), dataIndex: 'createdAt', width: 160, render: (v: string) => formatDateTime(v) },
          { title: t('parked.label'), dataIndex: 'label', ellipsis: true, render: (v: string, _r, i) => <span data-testid={`till-parked-label-${i}`}>{v || '—'}</span> },
          {
            title: t('parked.member'),
            key: 'member',
            width: 130,
            ellipsis: true,
            render: (_, p) => (p.memberId ? (members.get(p.memberId)?.name ?? '…') : t('member.walkIn')),
          },
          {
            title: t('parked.items'),
            key: 'items',
            width: 90,
            align: 'right',
            render: (_, p) => (p.cart.quickAmountFen ? formatFen(p.cart.quickAmountFen) : formatNumber(itemCount(p))),
          },
          { title: t('parked.staff'), dataIndex: 'staffName', width: 90, ellipsis: true },
          {
            title: '',
            key: 'actions',
            width: 150,
            render: (_, p, i) => (
              <Space size={0}>
                <Button type="link" size="small" icon={<ImportOutlined />} loading={busyId === p.id} onClick={() => void resume(p)} data-testid={`till-parked-resume-${i}`}>
                  {t('parked.resume')}
                </Button>
                <Button type="link" size="small" danger icon={<DeleteOutlined />} onClick={() => discard(p)} data-testid={`till-parked-discard-${i}`}>
                  {t('parked.discard')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
    </Modal>
  );
}
