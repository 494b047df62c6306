import type { PageRoute } from './types';

/** Every page folder declares its routes in pages/<area>/<page>/routes.tsx. */
const modules = import.meta.glob<{ default: PageRoute[] }>('../pages/*/*/routes.tsx', { eager: true });

export const pageRoutes: PageRoute[] = Object.values(modules)
  .flatMap((m) => m.default)
  .sort((a, b) => (a.menu?.order ?? 999) - (b.menu?.order ?? 999));

export const menuGroupOrder = ['home', 'checkout', 'members', 'wallet', 'marketing', 'catalog', 'org', 'staff', 'system', 'reports'] as const;

export function visibleMenuRoutes(can: (p?: string | string[]) => boolean): PageRoute[] {
  return pageRoutes.filter((r) => r.menu && !r.public && can(r.permission));
}
