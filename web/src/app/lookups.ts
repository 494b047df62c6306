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

export type LevelBasis = 'spend' | 'points' | 'topup';
export interface MemberLevel {
  id: string;
  code: string;
  name: string;
  rank: number;
  discountBp: number;
  pointsMultiplierBp: number;
  /** fen for the spend/top-up basis, points for the points basis */
  upgradeThreshold: number;
  keepThresholdFen: number | null;
  memberCount: number;
}
export type ValidityKind = 'permanent' | 'days' | 'month' | 'quarter' | 'year';
export type AnnualFeeMode = 'none' | 'deduct' | 'block';
export interface CardType {
  id: string;
  code: string;
  name: string;
  validityKind: ValidityKind;
  validityDays: number | null;
  cardFeeFen: number;
  openingFeeFen: number;
  annualFeeFen: number;
  annualFeeMode: AnnualFeeMode;
  startingLevelId: string | null;
  status: 'active' | 'archived';
}
export type CustomFieldEntity = 'member' | 'staff' | 'product';
export type CustomFieldType = 'text' | 'number' | 'date' | 'single' | 'multi';
export interface CustomField {
  id: string;
  entity: CustomFieldEntity;
  key: string;
  label: string;
  type: CustomFieldType;
  options: string[];
  required: boolean;
  sort: number;
  status: 'active' | 'archived';
}

export const lookupKeys = {
  regions: ['regions'] as const,
  storesAll: ['stores', 'all'] as const,
  roles: ['roles'] as const,
  staffLevels: ['staff-levels'] as const,
  memberLevels: ['/member-levels'] as const,
  memberProgram: ['/member-program'] as const,
  cardTypes: ['/card-types'] as const,
  customFields: (entity: CustomFieldEntity) => ['/custom-fields', entity] as const,
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

export function useMemberLevels(enabled = true) {
  const { can } = useAuth();
  return useQuery({
    queryKey: lookupKeys.memberLevels,
    queryFn: () => api.get<{ items: MemberLevel[] }>('/member-levels').then((r) => r.items),
    enabled: enabled && can('members.view'),
    staleTime: 30_000,
  });
}

export function useMemberProgram(enabled = true) {
  const { can } = useAuth();
  return useQuery({
    queryKey: lookupKeys.memberProgram,
    queryFn: () => api.get<{ levelBasis: LevelBasis }>('/member-program'),
    enabled: enabled && can('members.view'),
    staleTime: 30_000,
  });
}

export function useCardTypes(enabled = true) {
  const { can } = useAuth();
  return useQuery({
    queryKey: lookupKeys.cardTypes,
    queryFn: () => api.get<{ items: CardType[] }>('/card-types').then((r) => r.items),
    enabled: enabled && can('members.view'),
    staleTime: 30_000,
  });
}

/** Custom field definitions of one entity (all statuses; forms show the active ones). */
export function useCustomFields(entity: CustomFieldEntity, enabled = true) {
  return useQuery({
    queryKey: lookupKeys.customFields(entity),
    queryFn: () => api.get<{ items: CustomField[] }>('/custom-fields', { entity }).then((r) => r.items),
    enabled,
    staleTime: 30_000,
  });
}

export function byId<T extends { id: string }>(list: readonly T[] | undefined): Map<string, T> {
  return new Map((list ?? []).map((x) => [x.id, x]));
}
