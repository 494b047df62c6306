import type { ComponentType, LazyExoticComponent, ReactNode } from 'react';

export interface Me {
  staff: { id: string; username: string; name: string; mustChangePassword: boolean };
  merchant: { id: string; code: string; name: string };
  isAdmin: boolean;
  permissions: string[];
  stores: StoreRef[];
  currentStoreId: string | null;
  dataScope?: 'all' | 'regions' | 'stores' | 'own_store';
  currentTillId?: string | null;
}

export interface StoreRef {
  id: string;
  code: string;
  name: string;
}

export type MenuGroup = 'home' | 'checkout' | 'members' | 'wallet' | 'marketing' | 'catalog' | 'org' | 'staff' | 'system' | 'reports';

export interface PageRoute {
  /** absolute path, e.g. '/org/stores' */
  path: string;
  /** i18n key (with namespace) of the page title, e.g. 'org.stores:title' */
  titleKey: string;
  /** required permission; an array means "any of" */
  permission?: string | string[];
  component: LazyExoticComponent<ComponentType> | ComponentType;
  menu?: { group: MenuGroup; icon: ReactNode; order: number };
  /** rendered outside the layout without a session (login) */
  public?: boolean;
}
