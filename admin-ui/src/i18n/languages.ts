/** The interface languages, Arabic first (the default). */
export interface Language {
  code: 'ar' | 'en';
  /** The language's name in itself, for the switcher. */
  label: string;
  dir: 'rtl' | 'ltr';
}

export const languages: readonly Language[] = [
  { code: 'ar', label: 'العربية', dir: 'rtl' },
  { code: 'en', label: 'English', dir: 'ltr' },
];

export const defaultLanguage: Language = languages[0]!;

export function languageOf(code: string | undefined): Language {
  return languages.find((l) => l.code === code) ?? defaultLanguage;
}

/** dirOf is the text direction of a content language (an article's ar or en). */
export function dirOf(contentLanguage: string | undefined): 'rtl' | 'ltr' {
  return contentLanguage === 'en' ? 'ltr' : 'rtl';
}
