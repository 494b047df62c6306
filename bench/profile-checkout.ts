/**
 * CPU profile of the in-process member checkout (SQLite): run under
 *   node --cpu-prof --cpu-prof-dir=bench/.prof --import tsx bench/profile-checkout.ts
 * then summarise with `npx tsx bench/prof-summary.ts bench/.prof/<file>.cpuprofile`.
 */
import { checkoutInput } from '../src/modules/orders/orders.schemas';
import { inProcessCheckout } from './checkout';
import { BenchApi } from './lib/api';
import { benchOptions, log, makeTarget } from './lib/common';
import { BENCH_ADMIN, BENCH_MERCHANT, checkoutBody, seedShop } from './lib/shop';
import { openSystem } from './lib/system';

const seconds = Number(process.env.PROFILE_SECONDS ?? 5);
const target = await makeTarget('sqlite', benchOptions(), 'profile');
const system = await openSystem(target);
try {
  const api = BenchApi.inject(system);
  await api.login(BENCH_MERCHANT, BENCH_ADMIN.username, BENCH_ADMIN.password);
  const shop = await seedShop(api, 1, 10_000_000_000);
  const input = checkoutInput.parse(checkoutBody(shop, shop.memberIds[0]!));
  const session = await system.services.auth.resolveSession(api.sessionToken, '127.0.0.1');
  system.services.outbox.nudge = () => undefined;
  const checkout = inProcessCheckout(system, session!.access, input);
  const end = Date.now() + seconds * 1000;
  let n = 0;
  while (Date.now() < end) await checkout(`prof-${n++}`);
  log(`profiled ${n} checkouts in ${seconds} s (${Math.round(n / seconds)}/s)`);
} finally {
  await system.close();
  await target.drop();
}
