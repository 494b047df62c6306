import { lazy } from 'react';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import type { PageRoute } from '../../../app/types';

const routes: PageRoute[] = [
  {
    path: '/staff/roles',
    titleKey: 'staff.roles:title',
    permission: ['staff.roles.view', 'staff.roles.manage'],
    component: lazy(() => import('./RolesPage')),
    menu: { group: 'staff', icon: <SafetyCertificateOutlined />, order: 22 },
  },
];
export default routes;
