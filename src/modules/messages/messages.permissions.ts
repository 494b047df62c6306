import { definePermissions } from '../../kernel/permissions';

export const MessagesPermissions = definePermissions(
  { code: 'messages', name: { 'zh-CN': '消息', 'en-US': 'Messages' } },
  {
    'messages.view': { 'zh-CN': '查看短信记录', 'en-US': 'View message log' },
  },
);
