import { useQueries } from '@tanstack/react-query';
import { api } from './api';
import { useAuth } from './auth';
import { MEMBERS_KEY, type Member } from './members';

export interface MemberBrief {
  name: string;
  cardNo: string | null;
  levelId: string | null;
  phone: string | null;
}

/**
 * Names (and card numbers) of the members a list refers to by id only (parked sales, sales
 * documents): one request per distinct member, cached. Needs `members.view`; without it the
 * map stays empty and the lists show the id's absence gracefully.
 */
export function useMemberBriefs(ids: (string | null | undefined)[]): Map<string, MemberBrief> {
  const { can } = useAuth();
  const distinct = [...new Set(ids.filter((x): x is string => !!x))];
  const results = useQueries({
    queries: distinct.map((id) => ({
      queryKey: [MEMBERS_KEY, id],
      queryFn: () => api.get<Member>(`/members/${id}`),
      enabled: can('members.view'),
      staleTime: 60_000,
      retry: false,
    })),
  });
  const map = new Map<string, MemberBrief>();
  results.forEach((r, i) => {
    const m = r.data;
    if (m) map.set(distinct[i]!, { name: m.name, cardNo: m.card?.cardNo ?? null, levelId: m.levelId, phone: m.phone });
  });
  return map;
}
