import { lazy } from 'react';
import { GiftOutlined } from '@ant-design/icons';
import type { PageRoute } from '../../../app/types';

const routes: PageRoute[] = [
  {
    path: '/members/birthdays',
    titleKey: 'members.birthdays:title',
    permission: 'members.view',
    component: lazy(() => import('./BirthdaysPage')),
    menu: { group: 'members', icon: <GiftOutlined />, order: 4 },
  },
];
export default routes;
