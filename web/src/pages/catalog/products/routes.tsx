import { lazy } from 'react';
import { TagsOutlined } from '@ant-design/icons';
import type { PageRoute } from '../../../app/types';

const routes: PageRoute[] = [
  {
    path: '/catalog/products',
    titleKey: 'catalog.products:title',
    permission: 'catalog.view',
    component: lazy(() => import('./ProductsPage')),
    menu: { group: 'catalog', icon: <TagsOutlined />, order: 1 },
  },
];
export default routes;
