/** Languages families most often prefer in US practices; any BCP 47 tag may be stored. */
export const COMMON_LANGUAGES: readonly { code: string; label: string }[] = [
  { code: 'en', label: 'English' },
  { code: 'es', label: 'Spanish' },
  { code: 'zh', label: 'Chinese' },
  { code: 'vi', label: 'Vietnamese' },
  { code: 'tl', label: 'Tagalog' },
  { code: 'ar', label: 'Arabic' },
  { code: 'ko', label: 'Korean' },
  { code: 'ru', label: 'Russian' },
  { code: 'fr', label: 'French' },
  { code: 'pt', label: 'Portuguese' },
  { code: 'ht', label: 'Haitian Creole' },
  { code: 'hi', label: 'Hindi' },
];

export function languageLabel(code: string): string {
  return COMMON_LANGUAGES.find((l) => l.code === code)?.label ?? code;
}
