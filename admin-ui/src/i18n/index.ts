import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import ar from './locales/ar.json';
import en from './locales/en.json';
import { defaultLanguage, languageOf } from './languages';

const STORAGE_KEY = 'cms.language';

function storedLanguage(): string | undefined {
  try {
    return localStorage.getItem(STORAGE_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

/** applyDocumentLanguage sets <html lang dir> from the interface language. */
export function applyDocumentLanguage(code: string): void {
  const lang = languageOf(code);
  document.documentElement.lang = lang.code;
  document.documentElement.dir = lang.dir;
}

/** setLanguage switches the interface language and remembers the choice. */
export async function setLanguage(code: string): Promise<void> {
  const lang = languageOf(code);
  try {
    localStorage.setItem(STORAGE_KEY, lang.code);
  } catch {
    // private mode: the choice lasts until reload
  }
  await i18n.changeLanguage(lang.code);
}

export function initI18n(): typeof i18n {
  const initial = languageOf(storedLanguage() ?? defaultLanguage.code).code;
  void i18n.use(initReactI18next).init({
    resources: { ar: { translation: ar }, en: { translation: en } },
    lng: initial,
    fallbackLng: false,
    supportedLngs: ['ar', 'en'],
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
    initAsync: false,
  });
  applyDocumentLanguage(initial);
  i18n.on('languageChanged', applyDocumentLanguage);
  return i18n;
}
