import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify from 'fastify';
import type { Kysely } from 'kysely';
import { jsonSchemaTransform, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './config';
import { openDb, type Db } from './db/connection';
import type { Database } from './db/schema';
import { CheckoutFlow } from './flows/checkout';
import { CouponIssuingFlow } from './flows/coupon-issuing';
import { couponIssuingRoutes } from './flows/coupon-issuing.routes';
import { GiftRedemptionFlow } from './flows/gift-redemption';
import { giftRedemptionRoutes } from './flows/gift-redemption.routes';
import { checkoutRoutes } from './flows/checkout.routes';
import { MemberWalletFlow } from './flows/member-wallet';
import { OrderReturnsFlow } from './flows/order-returns';
import { PointsImportFlow } from './flows/points-import';
import { pointsImportRoutes } from './flows/points-import.routes';
import { SelfRegistrationFlow } from './flows/self-registration';
import { TopupFlow } from './flows/topup';
import { walletFlowRoutes } from './flows/wallet.routes';
import { selfRegistrationRoutes } from './flows/self-registration.routes';
import { migrateToLatest } from './db/migrator';
import { localDateTime, systemClock, type Clock } from './kernel/clock';
import { newId } from './kernel/ids';
import { migrations } from './migrations';
import { catalogRoutes } from './modules/catalog/catalog.routes';
import { CatalogImportService } from './modules/catalog/catalog.import';
import { CatalogService } from './modules/catalog/catalog.service';
import { catalogRepository } from './modules/catalog/catalog.repository';
import { couponsRoutes } from './modules/coupons/coupons.routes';
import { CouponsService } from './modules/coupons/coupons.service';
import { couponsRepository } from './modules/coupons/coupons.repository';
import { giftsRoutes } from './modules/gifts/gifts.routes';
import { GiftsService } from './modules/gifts/gifts.service';
import { fieldsRoutes } from './modules/fields/fields.routes';
import { FieldsService } from './modules/fields/fields.service';
import { membersRepository } from './modules/members/members.repository';
import { membersRoutes } from './modules/members/members.routes';
import { MembersService } from './modules/members/members.service';
import { memberImportRoutes } from './modules/members/import/import.routes';
import { MemberImportService } from './modules/members/import/import.service';
import { createMessagesModule, type MessagesService } from './modules/messages/messages.module';
import { orgRoutes } from './modules/org/org.routes';
import { OrgService } from './modules/org/org.service';
import { orgRepository } from './modules/org/org.repository';
import { AuthService } from './modules/staff/auth.service';
import { staffRoutes } from './modules/staff/staff.routes';
import type { MerchantDirectory, StoreDirectory } from './modules/staff/staff.ports';
import { StaffService } from './modules/staff/staff.service';
import { systemActor } from './platform/context';
import { installHttpPlatform } from './platform/http';
import { purgeKeys } from './platform/idempotency';
import { OutboxWorker } from './platform/outbox';
import { platformRoutes } from './platform/platform.routes';
import type { App } from './platform/route-types';
import { Scheduler } from './platform/scheduler';
import { Writer, type ItemRunner } from './platform/write';
import { ordersRoutes } from './modules/orders/orders.routes';
import { ParkedOrdersService } from './modules/orders/parked-orders.service';
import { reportsRoutes } from './modules/reports/reports.routes';
import { walletRoutes } from './modules/wallet/wallet.routes';
import { WalletService } from './modules/wallet/wallet.service';
// permission catalogs register themselves on import
import './modules/catalog/catalog.permissions';
import './modules/coupons/coupons.permissions';
import './modules/gifts/gifts.permissions';
import './modules/orders/orders.permissions';
import './modules/fields/fields.permissions';
import './modules/members/members.permissions';
import './modules/members/import/import.permissions';
import './modules/messages/messages.permissions';
import './modules/org/org.permissions';
import './modules/staff/staff.permissions';
import './modules/wallet/wallet.permissions';
import './platform/platform.permissions';

export interface Services {
  org: OrgService;
  staff: StaffService;
  auth: AuthService;
  fields: FieldsService;
  members: MembersService;
  messages: MessagesService;
  wallet: WalletService;
  catalog: CatalogService;
  coupons: CouponsService;
  couponIssuing: CouponIssuingFlow;
  checkout: CheckoutFlow;
  topups: TopupFlow;
  memberWallet: MemberWalletFlow;
  writer: Writer;
  outbox: OutboxWorker;
  scheduler: Scheduler;
}

export interface System {
  app: App;
  db: Db;
  services: Services;
  clock: Clock;
  close(): Promise<void>;
}

/** Wiring only: open the database, migrate, build services and routes. Starts no timers. */
export async function buildSystem(config: Config, options: { clock?: Clock; db?: Db; logger?: boolean } = {}): Promise<System> {
  const clock = options.clock ?? systemClock;
  const db = options.db ?? openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await migrateToLatest(db, migrations);
  const k = db.kysely;

  const outbox = new OutboxWorker(k, clock);
  const writer = new Writer(k, clock, outbox);
  const messages = createMessagesModule(k, clock, outbox);
  const org = new OrgService(k, config.defaultTimeZone);
  const storeDirectory: StoreDirectory = {
    existingStoreIds: orgRepository.existingStoreIds,
    existingRegionIds: orgRepository.existingRegionIds,
    storeIdsInRegions: orgRepository.storeIdsInRegions,
    storeBriefs: orgRepository.storeBriefs,
    tillStoreId: async (exec, m, tillId) => (await orgRepository.findTill(exec, m, tillId))?.store_id ?? null,
  };
  const merchantDirectory: MerchantDirectory = {
    findMerchantByCode: (exec, code) => org.findMerchantByCode(code, exec),
    getMerchant: (exec, id) => org.getMerchant(id, exec),
    getSettings: (exec, id) => org.getSettings(id, exec),
  };
  const fields = new FieldsService(k);
  const staff = new StaffService(k, storeDirectory, merchantDirectory, fields);
  const members = new MembersService(k, fields, storeDirectory, clock, config.defaultTimeZone);
  const auth = new AuthService(k, clock, writer, storeDirectory, merchantDirectory, staff);
  const wallet = new WalletService(k, storeDirectory);
  const existingLevelIds = async (exec: Kysely<Database>, m: string, ids: string[]) => {
    const known = new Set((await membersRepository.listLevels(exec, m)).map((l) => l.id));
    return ids.filter((id) => known.has(id));
  };
  const catalog = new CatalogService(
    k,
    {
      existingStoreIds: orgRepository.existingStoreIds,
      existingLevelIds,
    },
    fields,
  );
  const coupons = new CouponsService(k, {
    existingStoreIds: orgRepository.existingStoreIds,
    existingLevelIds,
    existingProductIds: async (exec, m, ids) => (await catalogRepository.productsByIds(exec, m, ids)).map((p) => p.id),
    existingCategoryIds: async (exec, m, ids) => {
      const known = new Set((await catalogRepository.listCategories(exec, m, 'all')).map((c) => c.id));
      return ids.filter((id) => known.has(id));
    },
    categoryParents: async (exec, m, ids) => new Map((await catalogRepository.listCategories(exec, m, 'all')).filter((c) => ids.includes(c.id)).map((c) => [c.id, c.parent_id])),
    memberNames: membersRepository.memberNames,
    memberInStores: membersRepository.memberInStores,
  });
  const topups = new TopupFlow(k, org, members, wallet, clock);
  const checkout = new CheckoutFlow(k, org, members, catalog, wallet, messages.service, coupons, clock);
  const couponIssuing = new CouponIssuingFlow(k, org, members, coupons, wallet, clock, config.defaultTimeZone);
  const gifts = new GiftsService(k, {
    existingStoreIds: orgRepository.existingStoreIds,
    existingLevelIds,
    product: async (exec, m, id) => (await catalogRepository.findProduct(exec, m, id)) ?? null,
    couponTemplate: async (exec, m, id) => (await couponsRepository.findTemplate(exec, m, id)) ?? null,
  });
  const giftRedemption = new GiftRedemptionFlow(k, org, members, catalog, wallet, gifts, coupons, clock);
  topups.onCredited((w, credited) => couponIssuing.onTopupCredited(w, credited));
  topups.onVoided((w, voided) => couponIssuing.onTopupVoided(w, voided));
  const memberWallet = new MemberWalletFlow(k, org, members, wallet, clock, config.defaultTimeZone);
  const scheduler = new Scheduler(k, clock, () => org.activeStoresForScheduling());
  // money jobs write one transaction per item as the system; a failing item is logged and skipped, never blocking the rest
  const asSystem: ItemRunner = async (merchantId, fn) => {
    try {
      await writer.run(systemActor(merchantId), fn);
      return true;
    } catch (err) {
      console.error(`job item of merchant ${merchantId} failed`, err);
      return false;
    }
  };
  scheduler.register({ name: 'wallet.expire_lots', schedule: { everyMinutes: 15 }, run: async ({ now }) => void (await wallet.ledger.expireLots(asSystem, now)) });
  scheduler.register({
    name: 'wallet.installments',
    schedule: { everyMinutes: 60 },
    run: async ({ now }) => void (await wallet.creditDueInstallments(asSystem, localDateTime(now, config.defaultTimeZone).date)),
  });
  scheduler.register({ name: 'wallet.annual_fees', schedule: { everyMinutes: 60 }, run: async ({ now }) => void (await memberWallet.chargeAnnualFees(asSystem, now)) });
  scheduler.register({ name: 'coupons.birthday', schedule: { everyMinutes: 60 }, run: async ({ now }) => void (await couponIssuing.issueBirthdayCoupons(asSystem, now)) });
  scheduler.register({ name: 'sessions.purge', schedule: { everyMinutes: 60 }, run: async ({ now }) => void (await auth.purgeExpiredSessions(now)) });
  scheduler.register({ name: 'cards.expire', schedule: { everyMinutes: 15 }, run: async ({ db: exec, now }) => void (await members.expireDueCards(exec, now)) });
  scheduler.register({
    name: 'idempotency.purge',
    schedule: { everyMinutes: 60 },
    run: async ({ now }) => void (await purgeKeys(k, new Date(now.getTime() - 7 * 86_400_000))),
  });

  const app = Fastify({ logger: options.logger ?? false, bodyLimit: 1024 * 1024, trustProxy: true }).withTypeProvider<ZodTypeProvider>();
  await app.register(cookie);
  const webRoot = path.resolve(config.webDir);
  const hasWeb = fs.existsSync(path.join(webRoot, 'index.html'));
  installHttpPlatform(app, { db: k, clock, writer, resolveSession: (token, req) => auth.resolveSession(token, req.ip), serveSpa: hasWeb });
  await app.register(swagger, {
    openapi: {
      info: {
        title: '门店会员管理系统 API',
        version: '0.1.0',
        description:
          'Amounts are integer fen. Errors are `{ "error": { "code", "message", "field"?, "details"? } }` with a stable code. ' +
          'Writes need the session cookie and the `x-csrf-token` header (value of the `csrf` cookie). ' +
          'Writes accept an `Idempotency-Key` header: same key + same body replays the stored response, a different body gets 422, a running one 409.',
      },
    },
    transform: jsonSchemaTransform,
  });
  // the interactive docs are public like the OpenAPI document they show
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/docs')) route.config = { ...route.config, public: true };
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  platformRoutes(app, k, scheduler);
  orgRoutes(app, org);
  staffRoutes(app, auth, staff, { secure: config.cookieSecure }, () => org.soleMerchantCode());
  fieldsRoutes(app, fields);
  membersRoutes(app, members);
  memberImportRoutes(app, new MemberImportService(k, writer, storeDirectory, fields, clock, config.defaultTimeZone));
  messages.routes(app);
  walletRoutes(app, wallet);
  catalogRoutes(app, catalog, new CatalogImportService(k));
  ordersRoutes(app, new ParkedOrdersService(k));
  couponsRoutes(app, coupons, clock);
  couponIssuingRoutes(app, couponIssuing);
  giftsRoutes(app, gifts);
  giftRedemptionRoutes(app, giftRedemption);
  checkoutRoutes(app, checkout, new OrderReturnsFlow(k, org, members, catalog, wallet, coupons, clock), (m, input, need, ip) => auth.authorize(m, input, need, ip));
  walletFlowRoutes(app, topups, memberWallet);
  pointsImportRoutes(app, new PointsImportFlow(k, org, members, wallet, clock, config.defaultTimeZone));
  reportsRoutes(app, k, clock, config.defaultTimeZone);
  selfRegistrationRoutes(app, new SelfRegistrationFlow(org, messages.service, members, writer));
  if (hasWeb) await app.register(fastifyStatic, { root: webRoot, wildcard: false, index: 'index.html' });

  return {
    app,
    db,
    clock,
    services: { org, staff, auth, fields, members, messages: messages.service, wallet, catalog, coupons, couponIssuing, checkout, topups, memberWallet, writer, outbox, scheduler },
    close: async () => {
      await scheduler.stop();
      await outbox.stop();
      await app.close();
      await db.close();
    },
  };
}

export interface FirstStartResult {
  merchantId: string;
  adminCreated: boolean;
  needsAdmin: boolean;
}

/** First start: the first merchant, its administrator role, and the admin from the environment. */
export async function firstStart(system: System, config: Config): Promise<FirstStartResult> {
  const { org, auth } = system.services;
  let merchant = await org.findMerchantByCode(config.merchantCode);
  if (!merchant) {
    const id = newId();
    await system.services.writer.run(systemActor(id), async (w) => {
      await org.createMerchant(w, { id, code: config.merchantCode, name: config.merchantName });
    });
    merchant = await org.findMerchantByCode(config.merchantCode);
  }
  if (!merchant) throw new Error('could not create the first merchant');
  await auth.ensureSystemRole(merchant.id);
  let adminCreated = false;
  if (config.adminUsername && config.adminPassword) {
    adminCreated = await auth.ensureAdmin(merchant.id, config.adminUsername, config.adminPassword);
  }
  return { merchantId: merchant.id, adminCreated, needsAdmin: !(await auth.hasActiveAdmin(merchant.id)) };
}
