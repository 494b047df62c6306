import { AppError } from '../kernel/errors';
import type { AccessContext } from './context';
import { PlatformErrors } from './platform.errors';

export function hasPermission(ctx: AccessContext, permission: string): boolean {
  return ctx.isAdmin || ctx.permissions.has(permission);
}

/** One permission, or any one of several (e.g. the till scans products with `checkout.sell`, the back office with `catalog.view`). */
export function requirePermission(ctx: AccessContext, permission: string | readonly string[]): void {
  const any = typeof permission === 'string' ? [permission] : permission;
  if (!any.some((p) => hasPermission(ctx, p))) {
    throw new AppError(PlatformErrors.AUTH_FORBIDDEN, { details: { permission: any.join(' | ') } });
  }
}

export function canAccessStore(ctx: Pick<AccessContext, 'allowedStoreIds'>, storeId: string): boolean {
  return ctx.allowedStoreIds === null || ctx.allowedStoreIds.has(storeId);
}

export function requireStoreAccess(ctx: AccessContext, storeId: string, field = 'storeId'): void {
  if (!canAccessStore(ctx, storeId)) throw new AppError(PlatformErrors.AUTH_STORE_FORBIDDEN, { field });
}

/** Store ids to filter a list by: null when the role sees every store. */
export function storeScope(ctx: AccessContext): string[] | null {
  return ctx.allowedStoreIds === null ? null : [...ctx.allowedStoreIds];
}
