import { lazy } from 'react';
import { ClusterOutlined } from '@ant-design/icons';
import type { PageRoute } from '../../../app/types';

const routes: PageRoute[] = [
  {
    path: '/catalog/categories',
    titleKey: 'catalog.categories:title',
    permission: 'catalog.manage',
    component: lazy(() => import('./CategoriesPage')),
    menu: { group: 'catalog', icon: <ClusterOutlined />, order: 2 },
  },
];
export default routes;
