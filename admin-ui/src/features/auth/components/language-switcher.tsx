import { useTranslation } from 'react-i18next';
import { setLanguage } from '../../../i18n';
import { languages } from '../../../i18n/languages';

/** LanguageSwitcher switches the interface between Arabic and English. */
export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  return (
    <div className="language-switcher" role="group" aria-label={t('language.label')}>
      {languages.map((l) => (
        <button
          key={l.code}
          type="button"
          lang={l.code}
          dir={l.dir}
          className="btn btn-ghost btn-small"
          aria-pressed={i18n.language === l.code}
          onClick={() => void setLanguage(l.code)}
        >
          {l.label}
        </button>
      ))}
    </div>
  );
}
