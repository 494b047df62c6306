import { loadConfig } from './config';
import { AppError } from './kernel/errors';
import { buildSystem, firstStart } from './server';

const config = loadConfig();
const system = await buildSystem(config, { logger: process.env.LOG_LEVEL !== 'silent' });
try {
  const first = await firstStart(system, config);
  if (first.adminCreated) console.log(`Created administrator "${config.adminUsername}" for merchant "${config.merchantCode}".`);
  if (first.needsAdmin) {
    console.log(
      'No administrator yet. Restart with ADMIN_USERNAME and ADMIN_PASSWORD set, e.g.\n' +
        '  ADMIN_USERNAME=admin ADMIN_PASSWORD=\'Choose-a-passw0rd\' npm start\n' +
        '(at least 8 characters with letters and digits).',
    );
  }
} catch (err) {
  if (err instanceof AppError) {
    console.error(`Cannot create the administrator: ${err.localizedMessage('en-US')}`);
    process.exit(1);
  }
  throw err;
}
system.services.outbox.start();
system.services.scheduler.start();
await system.app.listen({ port: config.port, host: config.host });
console.log(`门店会员管理系统 is running on http://localhost:${config.port} (${system.db.dialect}${system.db.dialect === 'sqlite' ? ` in ${config.dataDir}` : ''})`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void system.close().then(() => process.exit(0));
  });
}
