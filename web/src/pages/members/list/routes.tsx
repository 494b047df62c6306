import { lazy } from 'react';
import { UserOutlined } from '@ant-design/icons';
import type { PageRoute } from '../../../app/types';

const routes: PageRoute[] = [
  {
    path: '/members',
    titleKey: 'members.list:title',
    permission: 'members.view',
    component: lazy(() => import('./MembersPage')),
    menu: { group: 'members', icon: <UserOutlined />, order: 1 },
  },
];
export default routes;
