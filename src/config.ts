import { isValidTimeZone } from './kernel/clock';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  adminUsername: string | undefined;
  adminPassword: string | undefined;
  merchantCode: string;
  merchantName: string;
  defaultTimeZone: string;
  /** set COOKIE_SECURE=1 when served over https */
  cookieSecure: boolean;
  /** folder with the built web UI */
  webDir: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const tz = env.TZ_DEFAULT ?? 'Asia/Shanghai';
  if (!isValidTimeZone(tz)) throw new Error(`TZ_DEFAULT is not a known time zone: ${tz}`);
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got ${env.PORT}`);
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir: env.DATA_DIR ?? './data',
    databaseUrl: env.DATABASE_URL || undefined,
    adminUsername: env.ADMIN_USERNAME || undefined,
    adminPassword: env.ADMIN_PASSWORD || undefined,
    merchantCode: env.MERCHANT_CODE ?? 'default',
    merchantName: env.MERCHANT_NAME ?? '我的连锁店',
    defaultTimeZone: tz,
    cookieSecure: env.COOKIE_SECURE === '1' || env.COOKIE_SECURE === 'true',
    webDir: env.WEB_DIR ?? 'dist/web',
  };
}
