// Display formatting through Intl, so numbers, money and dates follow the page's locale without
// shipping locale data of our own.

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>(key: string, make: () => T): T {
  let value = cache.get(key) as T | undefined;
  if (!value) cache.set(key, (value = make()));
  return value;
}

/** The locale the widgets format with when none is given: the page's `lang`, else the browser's. */
export function defaultLocale(): string {
  return (typeof document !== 'undefined' && document.documentElement.lang) || (typeof navigator !== 'undefined' ? navigator.language : 'en-US');
}

/**
 * Money from integer minor units.
 * @example formatMoney(1234, 'USD', 'en-US') // '$12.34'
 */
export function formatMoney(minorUnits: number, currency = 'USD', locale = defaultLocale()): string {
  const formatter = cached(`money:${locale}:${currency}`, () => new Intl.NumberFormat(locale, { style: 'currency', currency }));
  const digits = formatter.resolvedOptions().maximumFractionDigits ?? 2;
  return formatter.format(minorUnits / 10 ** digits);
}

/**
 * A duration as m:ss (or h:mm:ss).
 * @example formatDuration(42) // '0:42'
 */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.round(totalSeconds));
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = String(seconds % 60).padStart(2, '0');
  return hours ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

/**
 * A byte count for people.
 * @example formatFileSize(600, 'en-US') // '600 bytes'; formatFileSize(1536, 'en-US') // '1.5 kB'
 */
export function formatFileSize(bytes: number, locale = defaultLocale()): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  // Intl's short form of "byte" is not plural ("600 byte"); the long form is ("600 bytes", and
  // "600 octets" in French), while kB/MB/GB read best short.
  const formatter = cached(`size:${locale}:${unit}`, () =>
    new Intl.NumberFormat(locale, { style: 'unit', unit: units[unit], unitDisplay: unit ? 'short' : 'long', maximumFractionDigits: unit ? 1 : 0 }),
  );
  return formatter.format(value);
}

/** Hour and minute of a time, e.g. "3:07 PM". */
export function formatTime(iso: string, locale = defaultLocale()): string {
  return cached(`time:${locale}`, () => new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' })).format(new Date(iso));
}

/** A full date and time, for tooltips and <time> titles. */
export function formatDateTime(iso: string, locale = defaultLocale()): string {
  return cached(`datetime:${locale}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' })).format(new Date(iso));
}

function startOfDay(date: Date): number {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}

/** Whole calendar days between two instants in local time (0 = same day). */
export function daysBetween(earlier: Date, later: Date): number {
  return Math.round((startOfDay(later) - startOfDay(earlier)) / 86_400_000);
}

/** The local calendar day of an instant, as a stable key (yyyy-mm-dd). */
export function dayKey(iso: string): string {
  const date = new Date(iso);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

/** A day separator's label: the given words for today and yesterday, else a date. */
export function formatDay(iso: string, words: { today: string; yesterday: string }, locale = defaultLocale(), now = new Date()): string {
  const days = daysBetween(new Date(iso), now);
  if (days === 0) return words.today;
  if (days === 1) return words.yesterday;
  const sameYear = new Date(iso).getFullYear() === now.getFullYear();
  return cached(`day:${locale}:${sameYear}`, () =>
    new Intl.DateTimeFormat(locale, sameYear ? { weekday: 'long', month: 'long', day: 'numeric' } : { dateStyle: 'long' }),
  ).format(new Date(iso));
}

/**
 * A compact time for list rows: "now", "5 min ago" within the hour, the time today, the weekday
 * this week, else the date.
 */
export function formatRelative(iso: string, locale = defaultLocale(), now = new Date()): string {
  const date = new Date(iso);
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  if (seconds > -3600) {
    const relative = cached(`rel:${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' }));
    return Math.abs(seconds) < 60 ? relative.format(0, 'second') : relative.format(Math.round(seconds / 60), 'minute');
  }
  const days = daysBetween(date, now);
  if (days === 0) return formatTime(iso, locale);
  if (days < 7) return cached(`weekday:${locale}`, () => new Intl.DateTimeFormat(locale, { weekday: 'short' })).format(date);
  const sameYear = date.getFullYear() === now.getFullYear();
  return cached(`short:${locale}:${sameYear}`, () =>
    new Intl.DateTimeFormat(locale, sameYear ? { month: 'short', day: 'numeric' } : { year: 'numeric', month: 'short', day: 'numeric' }),
  ).format(date);
}

/**
 * What a contact is called on screen: the saved name, else the number as people read it (the
 * E.164 form only when no display form is known).
 * @example contactName({ e164: '+18135551234', display: '(813) 555-1234', name: ' ' }) // '(813) 555-1234'
 */
export function contactName(contact: { e164: string; display?: string; name?: string | null }): string {
  return contact.name?.trim() || (contact.display ?? contact.e164);
}
