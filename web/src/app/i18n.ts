import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import commonZh from './locales/zh-CN';
import commonEn from './locales/en-US';

export const LANGS = ['zh-CN', 'en-US'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = 'zh-CN';
const STORAGE_KEY = 'lang';

export function isLang(v: unknown): v is Lang {
  return typeof v === 'string' && (LANGS as readonly string[]).includes(v);
}

function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (isLang(saved)) return saved;
  } catch {
    /* storage unavailable */
  }
  return DEFAULT_LANG;
}

type Resources = Record<Lang, Record<string, object>>;
const resources: Resources = {
  'zh-CN': { common: commonZh },
  'en-US': { common: commonEn },
};

/**
 * Every page ships its own locales in pages/<area>/<page>/locales/<lang>.ts;
 * each becomes the i18next namespace "<area>.<page>".
 */
const pageLocales = import.meta.glob<{ default: object }>('../pages/*/*/locales/*.ts', { eager: true });
for (const [path, mod] of Object.entries(pageLocales)) {
  const m = /pages\/([^/]+)\/([^/]+)\/locales\/([^/]+)\.ts$/.exec(path);
  if (!m) continue;
  const [, area, page, lang] = m;
  if (!isLang(lang)) continue;
  resources[lang][`${area}.${page}`] = mod.default;
}

void i18n.use(initReactI18next).init({
  resources,
  lng: initialLang(),
  fallbackLng: DEFAULT_LANG,
  defaultNS: 'common',
  ns: Object.keys(resources[DEFAULT_LANG]),
  interpolation: { escapeValue: false },
  returnNull: false,
});

export function currentLang(): Lang {
  return isLang(i18n.language) ? i18n.language : DEFAULT_LANG;
}

export async function setLang(lang: Lang): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    /* ignore */
  }
  document.documentElement.lang = lang;
  await i18n.changeLanguage(lang);
}

document.documentElement.lang = currentLang();

export default i18n;
