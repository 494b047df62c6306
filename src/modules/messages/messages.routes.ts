import { accessOf } from '../../platform/http';
import type { App } from '../../platform/route-types';
import { messageListQuery, messagePage } from './messages.schemas';
import type { MessagesService } from './messages.service';

export function messagesRoutes(app: App, messages: MessagesService): void {
  const tags = { tags: ['messages'] };
  // recipients and texts in full: in local mode this is where staff read verification codes
  app.get('/api/messages', { config: { permission: 'messages.view' }, schema: { ...tags, summary: 'Message log (SMS sent), newest first', querystring: messageListQuery, response: { 200: messagePage } } }, async (req) =>
    messages.listLog(accessOf(req).merchantId, req.query),
  );
}
