import { lazy } from 'react';
import { MessageOutlined } from '@ant-design/icons';
import type { PageRoute } from '../../../app/types';

const routes: PageRoute[] = [
  {
    path: '/system/messages',
    titleKey: 'system.messages:title',
    permission: 'messages.view',
    component: lazy(() => import('./MessagesPage')),
    menu: { group: 'system', icon: <MessageOutlined />, order: 33 },
  },
];
export default routes;
