// How dates and the app's words read in the window. Dates follow the same rules as the
// notifications (the core's dates.rs): relative when near ("yesterday 14:00", "Monday
// 09:30"), absolute beyond a week ("3 Nov 16:00", "3 Nov 2025 16:00"). The clock (12 or 24
// hours) is the one the core read from the user's locale, handed over in the vocabulary.

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

let style = { hour12: false };

/** Takes the date style the core uses, so both write dates alike. */
export function setDateStyle(dateStyle) {
  style = { ...style, ...dateStyle };
}

const pad = (n) => String(n).padStart(2, "0");
const startOfDay = (d) => new Date(d.getFullYear(), d.getMonth(), d.getDate());

/** "14:05", or "2:05 PM". */
export function formatTime(date) {
  const d = new Date(date);
  if (!style.hour12) return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  const h = d.getHours() % 12 || 12;
  return `${h}:${pad(d.getMinutes())} ${d.getHours() < 12 ? "AM" : "PM"}`;
}

/** "today", "yesterday", "tomorrow", a weekday within a week, else "3 Nov" or "3 Nov 2025". */
export function formatDay(date, now = new Date()) {
  const d = new Date(date);
  const days = Math.round((startOfDay(d) - startOfDay(now)) / 86_400_000);
  if (days === 0) return "today";
  if (days === -1) return "yesterday";
  if (days === 1) return "tomorrow";
  if (Math.abs(days) <= 6) return WEEKDAYS[d.getDay()];
  const dayMonth = `${d.getDate()} ${MONTHS[d.getMonth()]}`;
  return d.getFullYear() === now.getFullYear() ? dayMonth : `${dayMonth} ${d.getFullYear()}`;
}

/** A moment: "yesterday 14:00", "Monday 09:30", "3 Nov 2025 16:00". */
export function formatWhen(date, now = new Date()) {
  return `${formatDay(date, now)} ${formatTime(date)}`;
}

/** A day as a heading shows it: "Sunday 22 Nov 2026". */
export function formatLongDate(date) {
  const d = new Date(date);
  return `${WEEKDAYS[d.getDay()]} ${d.getDate()} ${MONTHS[d.getMonth()]} ${d.getFullYear()}`;
}

/** The value a datetime-local input shows for `date`, in local time. */
export function toLocalInput(date = new Date()) {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A label for a stored word, from the vocabulary's list of choices. */
export function labelOf(choices, value) {
  return choices.find((c) => c.value === value)?.label ?? value ?? "";
}

/** "a, b ,, c" → ["a", "b", "c"] */
export function splitList(text) {
  return text.split(/[,;\n]/).map((s) => s.trim()).filter(Boolean);
}

/**
 * User text inside one of the app's sentences (a dialog, a toast): its own direction island
 * (U+2068 … U+2069), so a right-to-left name or an override cannot reorder the app's words.
 */
export function isolate(text) {
  return `\u2068${text}\u2069`;
}
