import type { Kysely, Migration } from 'kysely';
import type { Database } from '../../db/schema';
import type { Clock } from '../../kernel/clock';
import type { OutboxWorker } from '../../platform/outbox';
import type { App } from '../../platform/route-types';
import * as messagesInit from './migrations/2026112610_messages_init';
import { messagesRoutes } from './messages.routes';
import { MessagesService, SMS_TOPIC } from './messages.service';
import { LocalSmsProvider, type SmsProvider } from './sms.provider';
// the permission catalog registers itself on import
import './messages.permissions';

export type { MessagesTables } from './messages.tables';
export { MessagesService } from './messages.service';
export { LocalSmsProvider, type SmsProvider } from './sms.provider';

/** This module's migrations, for src/migrations.ts. */
export const messagesMigrations: Record<string, Migration> = {
  '2026112610_messages_init': messagesInit,
};

export interface MessagesModule {
  service: MessagesService;
  routes(app: App): void;
}

/** Builds the service and registers its outbox handler; real SMS providers come by environment later. */
export function createMessagesModule(db: Kysely<Database>, clock: Clock, outbox: OutboxWorker, provider: SmsProvider = new LocalSmsProvider()): MessagesModule {
  const service = new MessagesService(db, clock, provider);
  outbox.register(SMS_TOPIC, (message) => service.deliverSms(message));
  return { service, routes: (app) => messagesRoutes(app, service) };
}
