import { lazy } from 'react';
import { AuditOutlined } from '@ant-design/icons';
import type { PageRoute } from '../../../app/types';

const routes: PageRoute[] = [
  {
    path: '/reports/day-close',
    titleKey: 'reports.day-close:title',
    permission: 'orders.view',
    component: lazy(() => import('./DayClosePage')),
    menu: { group: 'reports', icon: <AuditOutlined />, order: 1 },
  },
];
export default routes;
