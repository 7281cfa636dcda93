// Formatting of names, times and ids: pure functions, no DOM, no state.

const DAY = 24 * 60 * 60 * 1000;

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const weekdayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long' });
const shortWeekdayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short' });
const dateFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const longDateFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'long', year: 'numeric' });
const dayMonthFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'long' });

function startOfDay(date) {
  const d = new Date(date);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** Whole days between the start of `date`'s day and today's (0 = today). */
export function daysAgo(date, now = new Date()) {
  return Math.round((startOfDay(now) - startOfDay(date)) / DAY);
}

/** "14:03" */
export function clockTime(iso) {
  return timeFormat.format(new Date(iso));
}

/** The time in the conversation list: "14:03", "Yesterday", "Tue", "12 Mar". */
export function listTime(iso) {
  if (!iso) return '';
  const days = daysAgo(iso);
  if (days <= 0) return clockTime(iso);
  if (days === 1) return 'Yesterday';
  if (days < 7) return shortWeekdayFormat.format(new Date(iso));
  return dateFormat.format(new Date(iso));
}

/** The label of a day separator in the chat: "Today", "Yesterday", "Tuesday", "12 March 2025". */
export function dayLabel(iso) {
  const days = daysAgo(iso);
  if (days <= 0) return 'Today';
  if (days === 1) return 'Yesterday';
  if (days < 7) return weekdayFormat.format(new Date(iso));
  const date = new Date(iso);
  return date.getFullYear() === new Date().getFullYear() ? dayMonthFormat.format(date) : longDateFormat.format(date);
}

/** A stable key of the local calendar day of `iso`. */
export function dayKey(iso) {
  const d = new Date(iso);
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
}

/** "last seen today at 14:03" and friends. */
export function lastSeen(iso) {
  if (!iso) return 'offline';
  const days = daysAgo(iso);
  const at = clockTime(iso);
  if (days <= 0) return `last seen today at ${at}`;
  if (days === 1) return `last seen yesterday at ${at}`;
  return `last seen ${dateFormat.format(new Date(iso))} at ${at}`;
}

const UNKNOWN = 'Unknown #';

/**
 * What a person is called who set no name and whose number I may not see: a neutral
 * handle, the last four digits of their user id (which I know already), never a number.
 */
export function unknownName(userId) {
  return `${UNKNOWN}${String(userId).slice(-4)}`;
}

/** Up to two initials of a name; digits of a phone number stand for themselves. */
export function initials(name) {
  const text = (name || '?').trim();
  if (text.startsWith(UNKNOWN)) return '?';
  if (/^\+?[\d\s-]+$/.test(text)) return text.replace(/\D/g, '').slice(-2) || '#';
  const words = text.split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? words[0][0] + words[words.length - 1][0] : Array.from(words[0] || '?').slice(0, 2).join('');
  return letters.toUpperCase();
}

const HUES = [211, 262, 330, 15, 35, 145, 175, 195, 290, 0];

/** A pleasant, stable hue for an avatar, derived from an id. */
export function hueOf(id) {
  const text = String(id);
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (hash * 31 + text.charCodeAt(i)) | 0;
  return HUES[Math.abs(hash) % HUES.length];
}

/** "+49 151 2345678" → "+491512345678" (what the server expects: + and digits). */
export function normalizePhone(input) {
  const trimmed = (input || '').trim();
  const digits = trimmed.replace(/[^\d]/g, '');
  return (trimmed.startsWith('+') || trimmed.startsWith('00') ? '+' : '') + digits.replace(/^00/, '');
}

/** A client message id: unique per sender (random, 96 bits), so a resend is recognised. */
export function clientId() {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return 'w-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** "1 member" / "3 members" */
export function plural(count, word) {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** A short description of this browser, used as the device's name. */
export function deviceName() {
  const ua = navigator.userAgent;
  const browser = /Edg\//.test(ua) ? 'Edge' : /Firefox\//.test(ua) ? 'Firefox' : /Chrom(e|ium)\//.test(ua) ? 'Chrome'
    : /Safari\//.test(ua) ? 'Safari' : 'Browser';
  const os = /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Mac OS X/.test(ua) ? 'macOS'
    : /Windows/.test(ua) ? 'Windows' : /Linux/.test(ua) ? 'Linux' : '';
  return os ? `${browser} on ${os}` : browser;
}
