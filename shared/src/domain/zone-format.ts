/**
 * Cached Intl.DateTimeFormat instances. Creating one costs tens of microseconds; the pending
 * board formats a date for every row, so a screen of a few hundred rows would spend most of its
 * render building formatters. Options objects are keyed by their JSON.
 */
const cache = new Map<string, Intl.DateTimeFormat>();

export function zoneFormatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let formatter = cache.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, options);
    cache.set(key, formatter);
  }
  return formatter;
}
