import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Lang } from '../../kernel/i18n';
import { permissionCatalog } from '../../kernel/permissions';
import { zOk } from '../../kernel/schemas';
import { accessOf, CSRF_COOKIE, SESSION_COOKIE } from '../../platform/http';
import { idParams, type App } from '../../platform/route-types';
import type { AuthService } from './auth.service';
import {
  changePasswordInput,
  levelDto,
  levelInput,
  levelPatch,
  loginInput,
  meDto,
  resetPasswordInput,
  roleDto,
  roleInput,
  rolePatch,
  staffDto,
  staffInput,
  staffListQuery,
  staffPage,
  staffPatch,
  switchStoreInput,
} from './staff.schemas';
import type { StaffService } from './staff.service';

export interface CookieOptions {
  secure: boolean;
}

const permissionsDto = z.object({
  groups: z.array(z.object({ code: z.string(), name: z.string(), permissions: z.array(z.object({ code: z.string(), name: z.string() })) })),
});

function localizedCatalog(lang: Lang) {
  return {
    groups: permissionCatalog().map((g) => ({
      code: g.code,
      name: g.name[lang],
      permissions: g.permissions.map((p) => ({ code: p.code, name: p.name[lang] })),
    })),
  };
}

export function staffRoutes(app: App, auth: AuthService, staff: StaffService, cookies: CookieOptions, soleMerchantCode: () => Promise<string | null>): void {
  const setSessionCookies = (reply: FastifyReply, token: string, csrf: string) => {
    const base = { path: '/', sameSite: 'lax' as const, secure: cookies.secure };
    reply.setCookie(SESSION_COOKIE, token, { ...base, httpOnly: true });
    reply.setCookie(CSRF_COOKIE, csrf, { ...base, httpOnly: false });
  };
  const sessionToken = (cookiesIn: Record<string, string | undefined>) => cookiesIn[SESSION_COOKIE] ?? '';

  const authTag = { tags: ['auth'] };
  app.get('/api/auth/login-options', { config: { public: true }, schema: { ...authTag, summary: 'What the login page can prefill', response: { 200: z.object({ defaultMerchantCode: z.string().nullable() }) } } }, async () => ({
    defaultMerchantCode: await soleMerchantCode(),
  }));
  app.post('/api/auth/login', { config: { public: true }, schema: { ...authTag, summary: 'Sign in; sets the session and CSRF cookies', body: loginInput, response: { 200: meDto } } }, async (req, reply) => {
    const result = await auth.login(req.body, req.ip, req.headers['user-agent'] ?? '');
    setSessionCookies(reply, result.token, result.csrfToken);
    return result.me;
  });
  app.post('/api/auth/logout', { config: { public: true }, schema: { ...authTag, summary: 'Sign out', response: { 200: zOk } } }, async (req, reply) => {
    await auth.logout(req.cookies[SESSION_COOKIE], req.access);
    reply.clearCookie(SESSION_COOKIE, { path: '/' }).clearCookie(CSRF_COOKIE, { path: '/' });
    return { ok: true as const };
  });
  app.get('/api/auth/me', { schema: { ...authTag, summary: 'The signed-in staff member, permissions and stores', response: { 200: meDto } } }, async (req) => auth.me(accessOf(req)));
  app.post('/api/auth/change-password', { schema: { ...authTag, summary: 'Change one’s own password', body: changePasswordInput, response: { 200: meDto } } }, async (req) =>
    auth.changePassword(sessionToken(req.cookies), accessOf(req), req.body.currentPassword, req.body.newPassword),
  );
  app.post('/api/auth/switch-store', { schema: { ...authTag, summary: 'Switch the current store (and till)', body: switchStoreInput, response: { 200: meDto } } }, async (req) =>
    auth.switchStore(sessionToken(req.cookies), accessOf(req), req.body.storeId, req.body.tillId),
  );

  const access = { tags: ['staff'] };
  app.get('/api/permissions', { config: { permission: 'staff.roles.view' }, schema: { ...access, summary: 'The permission catalog, localized', response: { 200: permissionsDto } } }, async (req) =>
    localizedCatalog(req.lang),
  );
  app.get('/api/roles', { config: { permission: 'staff.roles.view' }, schema: { ...access, summary: 'Roles (权限组)', response: { 200: z.object({ items: z.array(roleDto) }) } } }, async (req) => ({
    items: await staff.listRoles(accessOf(req).merchantId),
  }));
  app.post('/api/roles', { config: { permission: 'staff.roles.manage' }, schema: { ...access, summary: 'Create a role', body: roleInput, response: { 201: roleDto } } }, async (req, reply) =>
    reply.code(201).send(await req.write((w) => staff.createRole(w, accessOf(req), req.body), { status: 201 })),
  );
  app.patch('/api/roles/:id', { config: { permission: 'staff.roles.manage' }, schema: { ...access, summary: 'Change a role', params: idParams, body: rolePatch, response: { 200: roleDto } } }, async (req) =>
    req.write((w) => staff.updateRole(w, accessOf(req), req.params.id, req.body)),
  );
  app.delete('/api/roles/:id', { config: { permission: 'staff.roles.manage' }, schema: { ...access, summary: 'Delete an unused role', params: idParams, response: { 200: zOk } } }, async (req) =>
    req.write(async (w) => {
      await staff.deleteRole(w, req.params.id);
      return { ok: true as const };
    }),
  );

  app.get('/api/staff-levels', { config: { permission: 'staff.view' }, schema: { ...access, summary: 'Staff levels', response: { 200: z.object({ items: z.array(levelDto) }) } } }, async (req) => ({
    items: await staff.listLevels(accessOf(req).merchantId),
  }));
  app.post('/api/staff-levels', { config: { permission: 'staff.levels.manage' }, schema: { ...access, summary: 'Create a staff level', body: levelInput, response: { 201: levelDto } } }, async (req, reply) =>
    reply.code(201).send(await req.write((w) => staff.createLevel(w, req.body), { status: 201 })),
  );
  app.patch('/api/staff-levels/:id', { config: { permission: 'staff.levels.manage' }, schema: { ...access, summary: 'Change a staff level', params: idParams, body: levelPatch, response: { 200: levelDto } } }, async (req) =>
    req.write((w) => staff.updateLevel(w, req.params.id, req.body)),
  );
  app.delete('/api/staff-levels/:id', { config: { permission: 'staff.levels.manage' }, schema: { ...access, summary: 'Delete an unused staff level', params: idParams, response: { 200: zOk } } }, async (req) =>
    req.write(async (w) => {
      await staff.deleteLevel(w, req.params.id);
      return { ok: true as const };
    }),
  );

  app.get('/api/staff', { config: { permission: 'staff.view' }, schema: { ...access, summary: 'Staff in the caller’s stores', querystring: staffListQuery, response: { 200: staffPage } } }, async (req) =>
    staff.listStaff(accessOf(req), req.query),
  );
  app.get('/api/staff/:id', { config: { permission: 'staff.view' }, schema: { ...access, summary: 'One staff member', params: idParams, response: { 200: staffDto } } }, async (req) =>
    staff.getStaff(accessOf(req), req.params.id),
  );
  app.post('/api/staff', { config: { permission: 'staff.manage' }, schema: { ...access, summary: 'Add a staff member (must change the password at first login)', body: staffInput, response: { 201: staffDto } } }, async (req, reply) =>
    reply.code(201).send(await req.write((w) => staff.createStaff(w, accessOf(req), req.body), { status: 201 })),
  );
  app.patch('/api/staff/:id', { config: { permission: 'staff.manage' }, schema: { ...access, summary: 'Change a staff member', params: idParams, body: staffPatch, response: { 200: staffDto } } }, async (req) =>
    req.write((w) => staff.updateStaff(w, accessOf(req), req.params.id, req.body)),
  );
  app.post('/api/staff/:id/disable', { config: { permission: 'staff.manage' }, schema: { ...access, summary: 'Disable; ends their sessions at once', params: idParams, response: { 200: staffDto } } }, async (req) =>
    req.write((w) => staff.setStaffStatus(w, accessOf(req), req.params.id, 'disabled')),
  );
  app.post('/api/staff/:id/enable', { config: { permission: 'staff.manage' }, schema: { ...access, summary: 'Enable again', params: idParams, response: { 200: staffDto } } }, async (req) =>
    req.write((w) => staff.setStaffStatus(w, accessOf(req), req.params.id, 'active')),
  );
  app.post('/api/staff/:id/reset-password', { config: { permission: 'staff.manage' }, schema: { ...access, summary: 'Set a new password; ends their sessions', params: idParams, body: resetPasswordInput, response: { 200: zOk } } }, async (req) =>
    req.write((w) => staff.resetPassword(w, accessOf(req), req.params.id, req.body.newPassword)),
  );
}
