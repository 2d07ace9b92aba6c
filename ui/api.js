// The one place that knows the names of the app's commands.

const { invoke } = window.__TAURI__.core;

/** An error from the app: `kind` to branch on, `message` to show, `fields` to mark. */
export class AppError extends Error {
  constructor({ kind = "internal", message = "Something went wrong.", fields = [] } = {}) {
    super(message);
    this.kind = kind;
    this.fields = fields;
  }
}

async function call(command, args) {
  try {
    return await invoke(command, args);
  } catch (err) {
    if (err && typeof err === "object" && "kind" in err) throw new AppError(err);
    throw new AppError({ message: String(err?.message ?? err) });
  }
}

/**
 * What the first screen needs, in one round trip: `{ vocabulary, settings, today,
 * interviews, unfinishedCall }`.
 */
export const bootstrap = () => call("app_bootstrap");
/** The first screen is drawn: the tray icon, which it did not need, comes now. */
export const drawn = () => call("app_drawn");

export const contacts = {
  list: (query) => call("contacts_list", { query }),
  get: (id) => call("contacts_get", { id }),
  create: (input) => call("contacts_create", { input }),
  update: (id, input) => call("contacts_update", { id, input }),
  remove: (id) => call("contacts_delete", { id }),
  tags: () => call("contacts_tags"),
  /** Opens an email address in the mail app or a web page in the browser; nothing else. */
  openLink: (link) => call("contacts_open_link", { link }),
};

/** Files in: a preview of what importing one would do, then the import itself. */
export const exchange = {
  /**
   * `format`: "linkedin", "vcard" or "csv". Resolves to `{ file, rows, new, updated,
   * unchanged, skipped }`, and for "csv" the `columns` (each `{ header, field, samples }`)
   * read with `mapping` (a field per column) or as guessed, and a `problem` if they cannot be.
   */
  preview: (path, format, mapping = null) => call("exchange_preview", { path, format, mapping }),
  /** Imports what was previewed, all or nothing. */
  commit: () => call("exchange_import"),
  discard: () => call("exchange_discard"),
  /**
   * Writes everyone to `path` ("vcard", "csv", "json", "ics"), or with `query` the people a
   * search shows; resolves to how many people (or calendar items) were written.
   */
  export: (path, format, query = null) => call("exchange_export", { path, format, query }),
};

/** Copies of the contact log and the way back from one. */
export const backups = {
  now: (path) => call("backup_now", { path }),
  /** The automatic daily copies, newest first: `{ path, day, bytes }`. */
  list: () => call("backup_list"),
  /** Replaces the log with a backup or a JSON export; resolves to `{ safetyCopy }`. */
  restore: (path) => call("backup_restore", { path }),
};

/** Two records of one person. */
export const duplicates = {
  list: () => call("duplicates_list"),
  compare: (a, b) => call("duplicates_compare", { a, b }),
  /** `picks`: `{ field: "a" | "b" | "both" }` where `a` is the record kept. */
  merge: (keep, gone, picks) => call("duplicates_merge", { keep, gone, picks }),
  dismiss: (a, b) => call("duplicates_dismiss", { a, b }),
  undismiss: (a, b) => call("duplicates_undismiss", { a, b }),
};

/** Asks where to save with the OS's own dialog; resolves to the path, or null. */
export function chooseSavePath({ title, defaultPath, filters }) {
  return call("plugin:dialog|save", { options: { title, defaultPath, filters } });
}

/** Calls `fn(done, total)` as an import goes. */
export function onImportProgress(fn) {
  return window.__TAURI__.event.listen("import-progress", (event) => fn(...event.payload));
}

/** Asks for a file with the OS's own dialog; resolves to its path, or null. */
export function chooseFile({ title, filters, defaultPath }) {
  return call("plugin:dialog|open", { options: { title, filters, defaultPath, multiple: false, directory: false } });
}

/** Puts `text` on the clipboard: the web engine's own, since the page is a secure context. */
export const copyText = (text) => navigator.clipboard.writeText(text);

export const interactions = {
  create: (input) => call("interactions_create", { input }),
  remove: (id) => call("interactions_delete", { id }),
  /** Keeps notes typed in a person's log form as they are typed; "" forgets them. */
  keepDraft: (contactId, notes) => call("interactions_keep_draft", { contactId, notes }),
};

export const reminders = {
  /** Today: `{ groups: [{ bucket, total, items }], dueNow, heldUntil, people }`. */
  today: () => call("reminders_today"),
  /** The next page of one of Today's groups. */
  more: (bucket, offset) => call("reminders_more", { bucket, offset }),
  /** Marks it done; resolves to the id of the interaction it logged (or null), for undo. */
  done: (reminder, contactId) => call("reminders_done", { reminder: refOf(reminder), contactId }),
  undoDone: (reminder, logged) => call("reminders_undo_done", { reminder: refOf(reminder), logged }),
  snooze: (reminder, until) => call("reminders_snooze", { reminder: refOf(reminder), until }),
  /** Asks for a fresh look; the answer comes as a "reminders-changed" event. */
  wake: () => call("reminders_wake"),
};

const refOf = (r) => ({ kind: r.kind, subjectId: r.subjectId, dueAt: r.dueAt });

export const settings = {
  get: () => call("settings_get"),
  saveReminders: (value) => call("settings_save_reminders", { value }),
  saveApp: (value) => call("settings_save_app", { value }),
};

/** Quits the app (after the window has saved what was typed). */
export const quit = () => call("app_quit");

/** Calls `fn(dueCount)` whenever the reminders may have changed. */
export function onRemindersChanged(fn) {
  return window.__TAURI__.event.listen("reminders-changed", (event) => fn(event.payload));
}

/** Calls `fn()` after every change to the data, wherever it was made. */
/**
 * The account on the user's own CalDAV/CardDAV server. `status()` resolves to `{ configured,
 * server, userName, lastSyncedAt, lastAttemptAt, lastError, goneFromServer, running,
 * progress }`; `input` is `{ server, userName }`; an empty password keeps the one kept.
 */
export const sync = {
  status: () => call("sync_status"),
  check: (input, password) => call("sync_check", { input, password }),
  save: (input, password) => call("sync_save", { input, password }),
  remove: () => call("sync_remove"),
  now: () => call("sync_now"),
  /** People whose card was deleted on the server, waiting for the user's word. */
  gone: () => call("sync_gone_list"),
  settle: (id, remove) => call("sync_gone_settle", { id, delete: remove }),
  /** `fn({ running, progress })` while a sync runs and when it ends. */
  onChanged: (fn) => window.__TAURI__.event.listen("sync-changed", (event) => fn(event.payload)),
};

export function onDataChanged(fn) {
  return window.__TAURI__.event.listen("data-changed", () => fn());
}

/** Calls `fn(route)` when the OS asks to show something, as a click on a notification does. */
export function onOpen(fn) {
  return window.__TAURI__.event.listen("open", (event) => fn(event.payload));
}

export const interviews = {
  create: (input) => call("interviews_create", { input }),
  get: (id) => call("interviews_get", { id }),
  /** The coming week's calls (and any missed): the first `limit`, or all, and their count. */
  soon: (limit = null) => call("interviews_soon", { limit }),
  reschedule: (id, input) => call("interviews_reschedule", { id, input }),
  savePrep: (id, prep) => call("interviews_save_prep", { id, prep }),
  remove: (id) => call("interviews_delete", { id }),
  addQuestion: (interviewId, category, text) => call("interviews_add_question", { interviewId, category, text }),
  editQuestion: (id, text) => call("interviews_edit_question", { id, text }),
  deleteQuestion: (id) => call("interviews_delete_question", { id }),
  moveQuestion: (id, by) => call("interviews_move_question", { id, by }),
  markQuestion: (id, asked, note, advice) => call("interviews_mark_question", { id, asked, note, advice }),
  saveReadyAnswer: (prompt, answer) => call("interviews_save_ready_answer", { prompt, answer }),
  startCall: (id) => call("interviews_start_call", { id }),
  clock: (id) => call("interviews_clock", { id }),
  endCall: (id, referrals) => call("interviews_end_call", { id, referrals }),
  unfinished: () => call("interviews_unfinished"),
};

export const questionBank = {
  list: () => call("questionbank_list"),
  add: (category, text) => call("questionbank_add", { category, text }),
  edit: (id, text, suggested) => call("questionbank_edit", { id, text, suggested }),
  remove: (id) => call("questionbank_delete", { id }),
};

export const organizations = {
  names: () => call("organizations_names"),
  get: (id) => call("organizations_get", { id }),
  update: (id, input) => call("organizations_update", { id, input }),
};

/** Who the user is and what they look for, as templates and the prep use it. */
export const mySearch = {
  get: () => call("my_search_get"),
  save: (value) => call("my_search_save", { value }),
};

/** Target organizations; each change answers with the whole list in order. */
export const targets = {
  list: () => call("targets_list"),
  add: (name) => call("targets_add", { name }),
  mark: (id) => call("targets_mark", { id }),
  unmark: (id) => call("targets_unmark", { id }),
  set: (id, input) => call("targets_set", { id, input }),
  move: (id, index) => call("targets_move", { id, index }),
  sortByLamp: () => call("targets_sort_by_lamp"),
};

/** Message templates, as the user has them; reset brings back Rapport's text. */
export const templates = {
  list: () => call("templates_list"),
  save: (kind, subject, body) => call("templates_save", { kind, subject, body }),
  reset: (kind) => call("templates_reset", { kind }),
};

/** A message to one person from a template (`kind` null: the one that fits them). */
export const messages = {
  compose: (contactId, kind = null) => call("message_compose", { contactId, kind }),
  mail: (to, subject, body) => call("message_mail", { to, subject, body }),
};

/** What works, from `from` (an ISO date; null: since the beginning) to now. */
export const insights = (from) => call("insights_get", { from });

export const advice = {
  /** Marks (or unmarks) line `line` of a conversation's notes as advice. */
  mark: (interactionId, line, marked) => call("advice_mark", { interactionId, line, marked }),
  add: (contactId, text) => call("advice_add", { contactId, text }),
  remove: (id) => call("advice_delete", { id }),
  /** Acted on with a short note; `null` takes it back. */
  act: (id, note) => call("advice_act", { id, note }),
  refer: (id, person) => call("advice_refer", { id, person }),
};

let vocabularyPromise;
/** The app's closed sets (stages, channels, …) with their labels; asked once. */
export function vocabulary() {
  vocabularyPromise ??= call("vocabulary_get");
  return vocabularyPromise;
}

/**
 * Asks with the OS's own dialog. Resolves true when the user chose `ok`.
 */
export async function confirm(message, { title = "Rapport", ok = "OK", cancel = "Cancel", kind = "warning" } = {}) {
  const answer = await call("plugin:dialog|message", {
    message,
    title,
    kind,
    buttons: { OkCancelCustom: [ok, cancel] },
  });
  return answer === "Ok" || answer === "Yes" || answer === ok;
}
