import type { Localized } from './i18n';

export interface PermissionDefinition {
  code: string;
  name: Localized;
}

export interface PermissionGroup {
  code: string;
  name: Localized;
  permissions: PermissionDefinition[];
}

const groups: PermissionGroup[] = [];

/**
 * The permission catalog: each module declares the actions it guards. Roles may only hold
 * codes from here; the UI builds the role editor and the menu from it.
 */
export function definePermissions<const P extends Record<string, Localized>>(
  group: { code: string; name: Localized },
  permissions: P,
): { [K in keyof P]: K } {
  if (groups.some((g) => g.code === group.code)) throw new Error(`permission group defined twice: ${group.code}`);
  groups.push({ ...group, permissions: Object.entries(permissions).map(([code, name]) => ({ code, name })) });
  return Object.fromEntries(Object.keys(permissions).map((k) => [k, k])) as { [K in keyof P]: K };
}

export function permissionCatalog(): readonly PermissionGroup[] {
  return groups;
}

export function isKnownPermission(code: string): boolean {
  return groups.some((g) => g.permissions.some((p) => p.code === code));
}
