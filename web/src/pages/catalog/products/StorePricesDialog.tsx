import { useEffect, useMemo, useState } from 'react';
import { App, Button, Input, Modal, Switch, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { SaveOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api';
import { useAuth } from '../../../app/auth';
import { useApiError } from '../../../app/errors';
import { formatDateTime } from '../../../app/format';
import { useAllStores } from '../../../app/lookups';
import { fenToYuan, formatFen, yuanToFen } from '../../../app/money';
import { PRODUCTS_KEY, type Product, type StoreSetting } from './catalog';

interface Row {
  storeId: string;
  storeName: string;
  storeCode: string;
  setting: StoreSetting | null;
}
interface Draft {
  available: boolean;
  price: string;
}

const MAX_FEN = 1_000_000_000_000;

/** 门店上下架与门店价: a row per store the user works in; a store without a setting sells at the list price. */
export function StorePricesDialog({ product, onClose }: { product: Product | null; onClose: () => void }) {
  const { t } = useTranslation(['catalog.products', 'common']);
  const { can, me } = useAuth();
  const editable = can('catalog.store_prices');
  const { message } = App.useApp();
  const showError = useApiError();
  const qc = useQueryClient();
  const { stores } = useAllStores();
  const settings = useQuery({
    queryKey: [PRODUCTS_KEY, 'store-settings', product?.id],
    queryFn: () => api.get<{ items: StoreSetting[] }>(`/products/${product?.id}/store-settings`).then((r) => r.items),
    enabled: !!product,
  });
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const [saving, setSaving] = useState<string | null>(null);

  useEffect(() => setDrafts({}), [product?.id]);

  // the caller's stores: all of them for an unrestricted scope, else the session's stores
  const rows: Row[] = useMemo(() => {
    const own = new Set((me?.stores ?? []).map((s) => s.id));
    const scoped = me?.isAdmin || me?.dataScope === 'all' ? stores : stores.filter((s) => own.has(s.id));
    const byStore = new Map((settings.data ?? []).map((s) => [s.storeId, s]));
    return scoped.map((s) => ({ storeId: s.id, storeName: s.name, storeCode: s.code, setting: byStore.get(s.id) ?? null }));
  }, [stores, settings.data, me]);

  const draftOf = (r: Row): Draft =>
    drafts[r.storeId] ?? { available: r.setting?.available ?? true, price: r.setting?.priceFen != null ? fenToYuan(r.setting.priceFen) : '' };
  const setDraft = (r: Row, next: Partial<Draft>) => setDrafts((d) => ({ ...d, [r.storeId]: { ...draftOf(r), ...next } }));

  const priceError = (d: Draft) => {
    if (!d.price.trim()) return null;
    const fen = yuanToFen(d.price);
    return fen === null || fen < 0 || fen > MAX_FEN ? t('common:validation.money') : null;
  };

  const save = async (r: Row) => {
    if (!product) return;
    const d = draftOf(r);
    if (priceError(d)) return;
    setSaving(r.storeId);
    try {
      await api.put(`/products/${product.id}/store-settings`, { storeId: r.storeId, available: d.available, priceFen: d.price.trim() ? yuanToFen(d.price) : null });
      void message.success(t('storeSaved', { store: r.storeName }));
      setDrafts((all) => {
        const next = { ...all };
        delete next[r.storeId];
        return next;
      });
      await qc.invalidateQueries({ queryKey: [PRODUCTS_KEY, 'store-settings', product.id] });
      await qc.invalidateQueries({ queryKey: [PRODUCTS_KEY, 'detail', product.id] });
    } catch (e) {
      showError(e);
    } finally {
      setSaving(null);
    }
  };

  const columns: TableColumnsType<Row> = [
    { title: t('store'), key: 'store', render: (_, r) => `${r.storeName} (${r.storeCode})` },
    {
      title: t('available'),
      key: 'available',
      width: 110,
      render: (_, r) => (
        <Switch
          checked={draftOf(r).available}
          disabled={!editable}
          aria-label={t('availableAt', { store: r.storeName })}
          checkedChildren={t('onSale')}
          unCheckedChildren={t('offSale')}
          onChange={(available) => setDraft(r, { available })}
          data-testid={`store-available-${r.storeCode}`}
        />
      ),
    },
    {
      title: t('storePrice'),
      key: 'price',
      width: 200,
      render: (_, r) => {
        const d = draftOf(r);
        const err = priceError(d);
        return (
          <>
            <Input
              prefix="¥"
              inputMode="decimal"
              maxLength={16}
              disabled={!editable}
              value={d.price}
              status={err ? 'error' : undefined}
              placeholder={product ? t('listPriceHint', { price: formatFen(product.listPriceFen) }) : ''}
              aria-label={t('storePriceAt', { store: r.storeName })}
              onChange={(e) => setDraft(r, { price: e.target.value })}
              onPressEnter={() => void save(r)}
              data-testid={`store-price-${r.storeCode}`}
            />
            {err ? <Typography.Text type="danger">{err}</Typography.Text> : null}
          </>
        );
      },
    },
    { title: t('common:common.updatedAt'), key: 'updatedAt', width: 170, render: (_, r) => (r.setting ? formatDateTime(r.setting.updatedAt) : t('defaultSetting')) },
    ...(editable
      ? [
          {
            title: t('common:table.actions'),
            key: 'actions',
            width: 100,
            render: (_: unknown, r: Row) => (
              <Button
                type="link"
                size="small"
                icon={<SaveOutlined />}
                disabled={!drafts[r.storeId]}
                loading={saving === r.storeId}
                onClick={() => void save(r)}
                data-testid={`store-save-${r.storeCode}`}
              >
                {t('common:actions.save')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <Modal
      open={!!product}
      title={product ? t('storePricesTitle', { name: product.name }) : ''}
      width={860}
      onCancel={onClose}
      footer={<Button onClick={onClose}>{t('common:actions.close')}</Button>}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('storePricesHelp')}</Typography.Paragraph>
      <Table<Row> rowKey="storeId" size="small" columns={columns} dataSource={rows} loading={settings.isFetching} pagination={rows.length > 20 ? { pageSize: 20 } : false} />
    </Modal>
  );
}
