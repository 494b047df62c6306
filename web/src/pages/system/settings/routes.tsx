import { lazy } from 'react';
import { SettingOutlined } from '@ant-design/icons';
import type { PageRoute } from '../../../app/types';

const routes: PageRoute[] = [
  {
    path: '/system/settings',
    titleKey: 'system.settings:title',
    permission: 'settings.manage',
    component: lazy(() => import('./SettingsPage')),
    menu: { group: 'system', icon: <SettingOutlined />, order: 31 },
  },
];
export default routes;
