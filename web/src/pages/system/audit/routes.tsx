import { lazy } from 'react';
import { FileSearchOutlined } from '@ant-design/icons';
import type { PageRoute } from '../../../app/types';

const routes: PageRoute[] = [
  {
    path: '/system/audit',
    titleKey: 'system.audit:title',
    permission: 'audit.view',
    component: lazy(() => import('./AuditPage')),
    menu: { group: 'system', icon: <FileSearchOutlined />, order: 30 },
  },
];
export default routes;
