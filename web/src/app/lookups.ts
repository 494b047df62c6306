import { useQuery } from '@tanstack/react-query';
import { api, fetchAllPages } from './api';
import { useAuth } from './auth';
import type { StoreRef } from './types';

export interface City {
  id: string;
  code: string;
  name: string;
  regionId: string;
}
export interface Region {
  id: string;
  code: string;
  name: string;
  cities: City[];
}
export interface RoleSummary {
  id: string;
  code: string;
  name: string;
}
export interface StaffLevelSummary {
  id: string;
  code: string;
  name: string;
  rank: number;
}

export const lookupKeys = {
  regions: ['regions'] as const,
  storesAll: ['stores', 'all'] as const,
  roles: ['roles'] as const,
  staffLevels: ['staff-levels'] as const,
};

export function useRegions(enabled = true) {
  const { can } = useAuth();
  return useQuery({
    queryKey: lookupKeys.regions,
    queryFn: () => api.get<{ items: Region[] }>('/regions').then((r) => r.items),
    enabled: enabled && can('org.regions.view'),
    staleTime: 30_000,
  });
}

/**
 * All stores the user may see. With `org.stores.view` the full list from /api/stores;
 * otherwise the stores in the session (me.stores).
 */
export function useAllStores(): { stores: StoreRef[]; loading: boolean } {
  const { me, can } = useAuth();
  const full = can('org.stores.view');
  const q = useQuery({
    queryKey: lookupKeys.storesAll,
    queryFn: () => fetchAllPages<StoreRef>('/stores', { sort: 'code', order: 'asc' }).then((r) => r.items),
    enabled: full,
    staleTime: 30_000,
  });
  if (full && q.data) return { stores: q.data, loading: false };
  return { stores: me?.stores ?? [], loading: full && q.isPending };
}

export function useRoles(enabled = true) {
  const { can } = useAuth();
  return useQuery({
    queryKey: lookupKeys.roles,
    queryFn: () => api.get<{ items: RoleSummary[] }>('/roles').then((r) => r.items),
    enabled: enabled && can(['staff.roles.view', 'staff.roles.manage', 'staff.manage']),
    staleTime: 30_000,
  });
}

export function useStaffLevels(enabled = true) {
  const { can } = useAuth();
  return useQuery({
    queryKey: lookupKeys.staffLevels,
    queryFn: () => api.get<{ items: StaffLevelSummary[] }>('/staff-levels').then((r) => r.items),
    enabled: enabled && can(['staff.view', 'staff.levels.manage']),
    staleTime: 30_000,
  });
}

export function byId<T extends { id: string }>(list: readonly T[] | undefined): Map<string, T> {
  return new Map((list ?? []).map((x) => [x.id, x]));
}
