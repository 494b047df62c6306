// Seeds a believable chain into the configured database so a new user can look around:
// 2 regions, 4 cities, 5 stores (3 direct, 2 franchise), tills, staff levels, roles and staff.
// Run `npm run demo`, then `npm start`. Running it twice changes nothing.
import { loadConfig } from '../src/config';
import { systemActor, type AccessContext } from '../src/platform/context';
import { buildSystem, firstStart } from '../src/server';

const DEMO_PASSWORD = 'Demo#2026';

const config = loadConfig();
const system = await buildSystem(config);
const { org, staff, auth, writer } = system.services;

const first = await firstStart(system, config);
const merchantId = first.merchantId;
if (first.needsAdmin) {
  await auth.ensureAdmin(merchantId, 'admin', DEMO_PASSWORD);
  console.log(`Created administrator admin / ${DEMO_PASSWORD}`);
}

const existing = await org.listRegions(hq());
if (existing.some((r) => r.code === 'EAST')) {
  console.log('Demo data is already there.');
  await system.close();
  process.exit(0);
}

function hq(): AccessContext {
  return { ...systemActor(merchantId), staffId: 'demo', staffName: 'demo', isAdmin: true, permissions: new Set(), dataScope: 'all', allowedStoreIds: null, maxDiscountBp: null };
}
const write = <T>(fn: Parameters<typeof writer.run<T>>[1]) => writer.run({ ...systemActor(merchantId), staffName: 'demo' }, fn);

const east = await write((w) => org.createRegion(w, { code: 'EAST', name: '华东区' }));
const south = await write((w) => org.createRegion(w, { code: 'SOUTH', name: '华南区' }));
const shanghai = await write((w) => org.createCity(w, { regionId: east.id, code: 'SH', name: '上海' }));
const hangzhou = await write((w) => org.createCity(w, { regionId: east.id, code: 'HZ', name: '杭州' }));
const guangzhou = await write((w) => org.createCity(w, { regionId: south.id, code: 'GZ', name: '广州' }));
const shenzhen = await write((w) => org.createCity(w, { regionId: south.id, code: 'SZ', name: '深圳' }));

const storeSpecs = [
  { code: 'SH001', name: '上海南京西路旗舰店', kind: 'direct', region: east, city: shanghai, address: '上海市静安区南京西路1266号', phone: '021-62881234', openedOn: '2019-05-18' },
  { code: 'SH002', name: '上海徐家汇店', kind: 'direct', region: east, city: shanghai, address: '上海市徐汇区虹桥路1号', phone: '021-64261234', openedOn: '2021-09-01' },
  { code: 'HZ001', name: '杭州湖滨店', kind: 'franchise', region: east, city: hangzhou, address: '杭州市上城区东坡路7号', phone: '0571-87001234', openedOn: '2022-04-16' },
  { code: 'GZ001', name: '广州天河城店', kind: 'direct', region: south, city: guangzhou, address: '广州市天河区天河路208号', phone: '020-85591234', openedOn: '2020-11-11' },
  { code: 'SZ001', name: '深圳海岸城店', kind: 'franchise', region: south, city: shenzhen, address: '深圳市南山区文心五路33号', phone: '0755-86121234', openedOn: '2023-07-08' },
] as const;

const stores = [];
for (const s of storeSpecs) {
  const store = await write((w) =>
    org.createStore(w, {
      code: s.code,
      name: s.name,
      kind: s.kind,
      regionId: s.region.id,
      cityId: s.city.id,
      address: s.address,
      phone: s.phone,
      openedOn: s.openedOn,
      status: 'active',
      timeZone: 'Asia/Shanghai',
      businessDayCutoff: '04:00',
      discountBp: s.kind === 'franchise' ? 9500 : null,
      pointsRatioBp: 10_000,
      topupApprovalThresholdFen: 500_000,
      topupDailyQuotaFen: s.kind === 'franchise' ? 5_000_000 : null,
      topupMonthlyQuotaFen: s.kind === 'franchise' ? 100_000_000 : null,
    }),
  );
  stores.push(store);
  for (const n of [1, 2]) {
    await write((w) => org.createTill(w, hq(), store.id, { code: `T${n}`, name: `${n}号收银台` }));
  }
}

const levels: { id: string }[] = [];
const levelNames = ['初级', '中级', '高级', '店长级'];
for (const [i, name] of levelNames.entries()) {
  levels.push(await write((w) => staff.createLevel(w, { code: `L${i + 1}`, name, rank: i + 1, description: '' })));
}

const cashierPerms = ['org.stores.view', 'org.tills.view'];
const managerPerms = [...cashierPerms, 'org.tills.manage', 'staff.view', 'staff.manage', 'staff.roles.view', 'audit.view'];
const roles = {
  cashier: await write((w) => staff.createRole(w, hq(), { code: 'cashier', name: '收银员', description: '门店收银', dataScope: 'own_store', scopeIds: [], permissions: cashierPerms, maxDiscountBp: 9000 })),
  manager: await write((w) => staff.createRole(w, hq(), { code: 'store_manager', name: '店长', description: '本店管理', dataScope: 'own_store', scopeIds: [], permissions: managerPerms, maxDiscountBp: null })),
  regional: await write((w) =>
    staff.createRole(w, hq(), { code: 'regional_manager', name: '华东区域经理', description: '华东区所有门店', dataScope: 'regions', scopeIds: [east.id], permissions: [...managerPerms, 'org.stores.manage', 'org.regions.view'], maxDiscountBp: null }),
  ),
  finance: await write((w) =>
    staff.createRole(w, hq(), { code: 'hq_finance', name: '总部财务', description: '查看全部门店', dataScope: 'all', scopeIds: [], permissions: ['org.regions.view', 'org.stores.view', 'staff.view', 'audit.view'], maxDiscountBp: null }),
  ),
};

const people: [string, string, keyof typeof roles, number | null, number][] = [
  ['zhangwei', '张伟', 'regional', null, 3],
  ['lina', '李娜', 'finance', null, 2],
  ['wangfang', '王芳', 'manager', 0, 3],
  ['liuyang', '刘洋', 'cashier', 0, 0],
  ['chenjing', '陈静', 'cashier', 1, 1],
  ['yangmin', '杨敏', 'manager', 3, 3],
  ['zhaolei', '赵磊', 'cashier', 3, 0],
  ['huangli', '黄丽', 'cashier', 4, 0],
];
for (const [username, name, role, storeIndex, level] of people) {
  const home = storeIndex === null ? null : (stores[storeIndex]?.id ?? null);
  await write((w) =>
    staff.createStaff(w, hq(), { username, name, phone: null, staffLevelId: levels[level]?.id ?? null, homeStoreId: home, storeIds: [], roleId: roles[role].id, password: DEMO_PASSWORD, customFields: {} }),
  );
}

console.log(`Demo chain created: 2 regions, 5 stores, ${people.length} staff (password ${DEMO_PASSWORD}, to be changed at first login).`);
console.log(`Staff: ${people.map(([u, n]) => `${u} (${n})`).join(', ')}`);
await system.close();
