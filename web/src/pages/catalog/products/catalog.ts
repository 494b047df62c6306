import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { api } from '../../../app/api';
import { useAuth } from '../../../app/auth';
import { formatFen } from '../../../app/money';

/** The API's shapes (src/modules/catalog/catalog.schemas.ts). */
export const PRODUCT_KINDS = ['goods', 'service', 'package', 'count_card', 'timed'] as const;
export type ProductKind = (typeof PRODUCT_KINDS)[number];
export const POINTS_MODES = ['default', 'rate', 'excluded'] as const;
export type PointsMode = (typeof POINTS_MODES)[number];
export type CatalogStatus = 'active' | 'archived';

export const PRODUCTS_KEY = '/products';
export const CATEGORIES_KEY = '/product-categories';

export interface Category {
  id: string;
  code: string;
  name: string;
  parentId: string | null;
  sort: number;
  status: CatalogStatus;
  productCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface Product {
  id: string;
  code: string;
  barcode: string | null;
  name: string;
  categoryId: string | null;
  categoryName: string | null;
  kind: ProductKind;
  unit: string;
  listPriceFen: number;
  memberDiscountAllowed: boolean;
  pointsMode: PointsMode;
  pointsRateBp: number | null;
  /** 积分价: points that buy one unit at the till; null = not sold for points */
  pointsPrice: number | null;
  commissionRateBp: number | null;
  commissionFixedFen: number | null;
  stockTracked: boolean;
  description: string;
  customFields: Record<string, unknown>;
  status: CatalogStatus;
  createdAt: string;
  updatedAt: string;
}

export interface LevelPrice {
  levelId: string;
  priceFen: number;
}
export interface SpecialPrice {
  id: string;
  priceFen: number;
  startsAt: string;
  endsAt: string;
  storeId: string | null;
}
export interface PackageItem {
  productId: string;
  code: string;
  name: string;
  kind: ProductKind;
  quantity: number;
}
export interface CountCardItem {
  serviceProductId: string;
  code: string;
  name: string;
  uses: number;
  validityDays: number;
}
export interface TimeSettings {
  ratePerHourFen: number;
  unitMinutes: number;
  graceMinutes: number;
  capFen: number | null;
}
export interface StoreSetting {
  storeId: string;
  available: boolean;
  priceFen: number | null;
  updatedAt: string;
}
export interface ProductDetail extends Product {
  levelPrices: LevelPrice[];
  specialPrices: SpecialPrice[];
  packageItems: PackageItem[];
  countCardItems: CountCardItem[];
  timeSettings: TimeSettings | null;
  storeSettings: StoreSetting[];
}

export interface ProductInput {
  code: string;
  barcode: string | null;
  name: string;
  categoryId: string | null;
  kind: ProductKind;
  unit: string;
  listPriceFen: number;
  memberDiscountAllowed: boolean;
  levelPrices: { levelId: string; priceFen: number }[];
  specialPrices: { priceFen: number; startsAt: string; endsAt: string; storeId: string | null }[];
  pointsMode: PointsMode;
  pointsRateBp: number | null;
  /** 积分价: points that buy one unit at the till; null = not sold for points */
  pointsPrice: number | null;
  commissionRateBp: number | null;
  commissionFixedFen: number | null;
  stockTracked: boolean;
  description: string;
  customFields: Record<string, string | number | string[]>;
  packageItems: { productId: string; quantity: number }[];
  countCardItems: { serviceProductId: string; uses: number; validityDays: number }[];
  timeSettings: TimeSettings | null;
}

/** One row of a CATALOG_IMPORT_INVALID's details.errors. */
export const IMPORT_FIELDS = ['code', 'barcode', 'name', 'categoryCode', 'kind', 'unit', 'listPrice', 'memberDiscountAllowed', 'pointsMode'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
export interface ImportRowError {
  row: number;
  field: ImportField;
  code: string;
  message: string;
}

/** Every category (both statuses), for filters, pickers and the categories page. */
export function useCategories(enabled = true) {
  const { can } = useAuth();
  return useQuery({
    queryKey: [CATEGORIES_KEY],
    queryFn: () => api.get<{ items: Category[] }>(CATEGORIES_KEY, { status: 'all' }).then((r) => r.items),
    enabled: enabled && can(['catalog.view', 'catalog.manage']),
    staleTime: 30_000,
  });
}

/** Categories in display order: each top-level category followed by its sub-categories. */
export function orderedCategories(list: readonly Category[] | undefined): (Category & { depth: 0 | 1 })[] {
  const all = [...(list ?? [])].sort((a, b) => a.sort - b.sort || a.code.localeCompare(b.code));
  const ids = new Set(all.map((c) => c.id));
  const out: (Category & { depth: 0 | 1 })[] = [];
  for (const top of all.filter((c) => c.parentId === null || !ids.has(c.parentId))) {
    out.push({ ...top, depth: 0 });
    for (const child of all.filter((c) => c.parentId === top.id)) out.push({ ...child, depth: 1 });
  }
  return out;
}

/** Options for a category Select: sub-categories indented under their parent. */
export function categoryOptions(list: readonly Category[] | undefined, opts: { activeOnly?: boolean; keepId?: string | null } = {}) {
  return orderedCategories(list)
    .filter((c) => !opts.activeOnly || c.status === 'active' || c.id === opts.keepId)
    .map((c) => ({ value: c.id, label: c.depth === 1 ? `\u3000${c.name}` : c.name, title: c.name }));
}

/** One product with everything (member and special prices, items, time billing, store settings). */
export function useProductDetail(id: string | null | undefined) {
  return useQuery({
    queryKey: [PRODUCTS_KEY, 'detail', id],
    queryFn: () => api.get<ProductDetail>(`/products/${id}`),
    enabled: !!id,
    staleTime: 10_000,
  });
}

/** Kinds whose list summary needs the product's detail. */
export function needsDetail(kind: ProductKind): boolean {
  return kind === 'package' || kind === 'count_card' || kind === 'timed';
}

/**
 * A readable summary of what the product is: "10次洗剪吹（90天）" for a count card,
 * "洗剪吹 ×1 + 洗发水 ×2" for a package, "¥30.00/小时 …" for time billing.
 */
export function kindSummary(t: TFunction, p: Pick<ProductDetail, 'kind' | 'unit'> & Partial<Pick<ProductDetail, 'packageItems' | 'countCardItems' | 'timeSettings'>>): string {
  switch (p.kind) {
    case 'count_card':
      return (p.countCardItems ?? []).map((i) => t('catalog.products:summary.countItem', { uses: i.uses, name: i.name, days: i.validityDays })).join(t('catalog.products:summary.separator'));
    case 'package':
      return (p.packageItems ?? []).map((i) => t('catalog.products:summary.packageItem', { name: i.name, quantity: i.quantity })).join(' + ');
    case 'timed': {
      const s = p.timeSettings;
      if (!s) return '';
      const base = t('catalog.products:summary.timed', { rate: formatFen(s.ratePerHourFen), unit: s.unitMinutes, grace: s.graceMinutes });
      return s.capFen !== null ? `${base}${t('catalog.products:summary.separator')}${t('catalog.products:summary.cap', { cap: formatFen(s.capFen) })}` : base;
    }
    default:
      return t('catalog.products:summary.unit', { unit: p.unit });
  }
}
