import { lazy } from 'react';
import { ImportOutlined } from '@ant-design/icons';
import type { PageRoute } from '../../../app/types';

const routes: PageRoute[] = [
  {
    path: '/members/import',
    titleKey: 'members.import:title',
    permission: 'members.import',
    component: lazy(() => import('./MemberImportPage')),
    menu: { group: 'members', icon: <ImportOutlined />, order: 8 },
  },
];
export default routes;
