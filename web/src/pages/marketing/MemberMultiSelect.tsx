import { useMemo, useRef, useState } from 'react';
import { Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Paged } from '../../app/api';
import { MEMBERS_KEY, type Member } from '../../app/members';
import { useDebounced } from '../../app/useDebounced';
import { NS } from './coupons';

const memberLabel = (m: Member) => [m.name, m.phone, m.card?.cardNo].filter(Boolean).join(' · ');

/** Several members found by phone, last 4 digits, card number or name (server search). */
export function MemberMultiSelect({ value, onChange, testId, max = 1000 }: { value?: string[]; onChange?: (v: string[]) => void; testId?: string; max?: number }) {
  const { t } = useTranslation(NS);
  const [q, setQ] = useState('');
  const debounced = useDebounced(q.trim(), 300);
  // labels of the members chosen so far, kept when the search moves on
  const known = useRef(new Map<string, string>());
  const search = useQuery({
    queryKey: [MEMBERS_KEY, 'coupon-issue-search', debounced],
    queryFn: ({ signal }) => api.get<Paged<Member>>('/members', { q: debounced, pageSize: 20 }, { signal }),
    enabled: debounced.length > 0,
  });
  const options = useMemo(() => {
    const found = (search.data?.items ?? []).map((m) => ({ value: m.id, label: memberLabel(m) }));
    for (const o of found) known.current.set(o.value, o.label);
    const chosen = (value ?? []).filter((id) => !found.some((o) => o.value === id)).map((id) => ({ value: id, label: known.current.get(id) ?? id }));
    return [...chosen, ...found];
  }, [search.data, value]);
  return (
    <Select
      mode="multiple"
      data-testid={testId}
      aria-label={t('issue.members')}
      showSearch={{ filterOption: false, onSearch: setQ, searchValue: q }}
      value={value ?? []}
      onChange={(v: string[]) => {
        onChange?.(v.slice(0, max));
        setQ('');
      }}
      placeholder={t('issue.membersPlaceholder')}
      loading={search.isFetching}
      notFoundContent={debounced && !search.isFetching ? t('issue.membersNone') : null}
      options={options}
      maxTagCount="responsive"
    />
  );
}
