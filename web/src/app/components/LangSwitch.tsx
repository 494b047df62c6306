import { Dropdown, Button } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { LANGS, currentLang, setLang, type Lang } from '../i18n';

/** Language switch; remembered in localStorage and sent as Accept-Language. */
export function LangSwitch({ light }: { light?: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const lang = currentLang();
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        selectable: true,
        selectedKeys: [lang],
        items: LANGS.map((l) => ({ key: l, label: <span data-testid={`lang-option-${l}`}>{t(`lang.${l}`)}</span> })),
        onClick: async ({ key }) => {
          if (key === lang) return;
          await setLang(key as Lang);
          // server-localized data (permission names, messages) must be fetched again
          await qc.invalidateQueries();
        },
      }}
    >
      <Button
        type="text"
        icon={<GlobalOutlined />}
        data-testid="lang-switch"
        aria-label={t('lang.label')}
        style={light ? { color: 'inherit' } : undefined}
      >
        {t(`lang.${lang}`)}
      </Button>
    </Dropdown>
  );
}
