import { useEffect, useState } from 'react';
import { Modal, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../../app/money';
import type { Product } from './checkout';

/** Several products match what was typed: pick one with ↑/↓ and Enter (or a click). */
export function SearchModal({ query, items, onPick, onClose }: { query: string; items: Product[] | null; onPick: (p: Product) => void; onClose: () => void }) {
  const { t } = useTranslation(['checkout.till', 'common']);
  const [active, setActive] = useState(0);
  const open = !!items;
  useEffect(() => setActive(0), [items]);

  useEffect(() => {
    if (!open || !items) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'ArrowDown') {
        e.preventDefault();
        setActive((a) => Math.min(items.length - 1, a + 1));
      } else if (e.key === 'ArrowUp') {
        e.preventDefault();
        setActive((a) => Math.max(0, a - 1));
      } else if (e.key === 'Enter') {
        e.preventDefault();
        e.stopPropagation();
        const p = items[active];
        if (p) onPick(p);
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [open, items, active, onPick]);

  return (
    <Modal open={open} title={t('search.title', { query })} onCancel={onClose} footer={null} width={640} destroyOnHidden data-testid="till-search-modal">
      <Typography.Text type="secondary">{t('search.hint')}</Typography.Text>
      <Table<Product>
        size="small"
        rowKey="id"
        style={{ marginTop: 8 }}
        pagination={false}
        scroll={{ y: 360 }}
        dataSource={items ?? []}
        rowClassName={(_, i) => (i === active ? 'till-row-selected' : '')}
        onRow={(p, i) => ({ onClick: () => onPick(p), onMouseEnter: () => setActive(i ?? 0), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('search.code'), dataIndex: 'code', width: 110 },
          { title: t('search.barcode'), dataIndex: 'barcode', width: 140, render: (v: string | null) => v ?? '—' },
          { title: t('search.name'), dataIndex: 'name' },
          { title: t('search.price'), dataIndex: 'listPriceFen', align: 'right', width: 110, render: (v: number) => formatFen(v) },
        ]}
      />
    </Modal>
  );
}
