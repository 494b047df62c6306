import { lazy } from 'react';
import { FormOutlined } from '@ant-design/icons';
import type { PageRoute } from '../../../app/types';

const routes: PageRoute[] = [
  {
    path: '/system/custom-fields',
    titleKey: 'system.custom-fields:title',
    permission: 'fields.manage',
    component: lazy(() => import('./CustomFieldsPage')),
    menu: { group: 'system', icon: <FormOutlined />, order: 34 },
  },
];
export default routes;
