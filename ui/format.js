// How dates and the app's words read in the window.

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });

export function formatDateTime(iso) {
  return dateTime.format(new Date(iso));
}

/** "today", "yesterday", "3 days ago", or a date once it is more than a month away. */
export function formatAgo(iso, now = new Date()) {
  const then = new Date(iso);
  const startOf = (d) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const days = Math.round((startOf(then) - startOf(now)) / 86_400_000);
  return Math.abs(days) <= 31 ? relative.format(days, "day") : dateOnly.format(then);
}

/** The value a datetime-local input shows for `date`, in local time. */
export function toLocalInput(date = new Date()) {
  const pad = (n) => String(n).padStart(2, "0");
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
