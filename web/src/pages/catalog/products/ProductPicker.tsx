import { useEffect, useMemo, useState } from 'react';
import { Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Paged } from '../../../app/api';
import { PRODUCTS_KEY, type Product, type ProductKind } from './catalog';

export interface PickedProduct {
  id: string;
  code: string;
  name: string;
}

/**
 * Picks an active product of the given kinds: typing searches by code, barcode or name on the
 * server. `known` gives the labels of products already chosen (from the product's detail).
 */
export function ProductPicker({
  value,
  onChange,
  kinds,
  known,
  excludeId,
  testId,
  ariaLabel,
}: {
  value?: string | null;
  onChange?: (v: string | null) => void;
  kinds: ProductKind[];
  known?: PickedProduct[];
  excludeId?: string;
  testId?: string;
  ariaLabel?: string;
}) {
  const { t } = useTranslation('catalog.products');
  const [q, setQ] = useState('');
  const [debounced, setDebounced] = useState('');
  useEffect(() => {
    const h = setTimeout(() => setDebounced(q.trim()), 250);
    return () => clearTimeout(h);
  }, [q]);
  const kind = kinds.length === 1 ? kinds[0] : undefined;
  const search = useQuery({
    queryKey: [PRODUCTS_KEY, 'picker', kinds.join(','), debounced],
    queryFn: ({ signal }) => api.get<Paged<Product>>(PRODUCTS_KEY, { q: debounced || undefined, kind, status: 'active', pageSize: 30, sort: 'code' }, { signal }),
    staleTime: 5_000,
  });
  const options = useMemo(() => {
    const list: PickedProduct[] = (search.data?.items ?? []).filter((p) => kinds.includes(p.kind) && p.id !== excludeId);
    for (const k of known ?? []) if (k.id === value && !list.some((p) => p.id === k.id)) list.unshift(k);
    return list.map((p) => ({ value: p.id, label: `${p.name} (${p.code})` }));
  }, [search.data, kinds, known, value, excludeId]);
  return (
    <Select
      allowClear
      data-testid={testId}
      aria-label={ariaLabel}
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? null)}
      onOpenChange={(open) => {
        if (!open) setQ('');
      }}
      placeholder={t('pickerPlaceholder')}
      loading={search.isFetching}
      notFoundContent={search.isFetching ? null : t('pickerNone')}
      options={options}
      popupMatchSelectWidth={false}
    />
  );
}
