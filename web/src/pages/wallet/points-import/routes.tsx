import { lazy } from 'react';
import { CloudUploadOutlined } from '@ant-design/icons';
import type { PageRoute } from '../../../app/types';

const routes: PageRoute[] = [
  {
    path: '/wallet/points-import',
    titleKey: 'wallet.points-import:title',
    permission: 'points.import',
    component: lazy(() => import('./PointsImportPage')),
    menu: { group: 'wallet', icon: <CloudUploadOutlined />, order: 5 },
  },
];
export default routes;
