// The account on the user's own CalDAV/CardDAV server: set up, test, sync now, stop; how
// the last sync went; people whose card was deleted on the server, for the user to settle.

import * as api from "../api.js";
import { h, mount } from "../dom.js";
import { formatWhen, isolate } from "../format.js";
import { toast, toastError } from "../toast.js";

const STEPS = {
  connecting: "Connecting…",
  receiving: "Receiving changes",
  sending: "Sending contacts",
  publishing: "Publishing deadlines",
};

/** "3 min ago", "2 h ago", or the day and time. */
function ago(at, now = Date.now()) {
  const minutes = Math.round((now - Date.parse(at)) / 60000);
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${minutes} min ago`;
  if (minutes < 12 * 60) return `${Math.round(minutes / 60)} h ago`;
  return formatWhen(at);
}

/** How sync stands in a few words, for Settings and the app bar. */
export function syncSummary(s) {
  if (!s.configured) return "";
  if (s.running) return "Syncing…";
  const last = s.lastSyncedAt ? `last synced ${ago(s.lastSyncedAt)}` : "not synced yet";
  if (s.offline) return `Offline — ${last}`;
  if (s.lastError) return s.lastSyncedAt ? `Not synced since ${ago(s.lastSyncedAt)}` : "Not synced yet";
  return s.lastSyncedAt ? `Synced ${ago(s.lastSyncedAt)}` : "Not synced yet";
}

/** "1,200 of 50,000" */
function count(p) {
  return `${p.done.toLocaleString()} of ${p.total.toLocaleString()}`;
}

/** "Sending contacts — 120 of 500" while a sync runs. */
function progressWords(p) {
  return `${STEPS[p?.step] ?? "Syncing…"}${p?.total ? ` — ${count(p)}` : ""}`;
}

/** Calls `fn` at the start of each minute while `on()` says so: "3 min ago" moves on. */
function everyMinute(fn) {
  let timer = null;
  return (on) => {
    clearTimeout(timer);
    if (on) timer = setTimeout(fn, 60_000 - (Date.now() % 60_000) + 50);
  };
}

const ACCOUNT_CHANGED = "sync-account-changed";

/** The app bar's few words on sync, a link to Settings; there only once an account is set up. */
export class SyncIndicator {
  constructor(el) {
    this.el = el;
    this.status = null;
    this.tick = everyMinute(() => this.draw());
    // Set up, changed or stopped in Settings.
    window.addEventListener(ACCOUNT_CHANGED, () => this.refresh());
  }

  async refresh() {
    try {
      const status = await api.sync.status();
      this.status = { ...status, running: this.status?.running ?? false, progress: this.status?.progress };
      this.draw();
    } catch {
      // Settings says what went wrong; the app bar stays as it was.
    }
  }

  /** A sync started, moved on or ended. */
  live({ running, progress }) {
    this.status = { ...this.status, running, progress };
    this.draw();
    if (!running) this.refresh();
  }

  draw() {
    const s = this.status;
    this.el.hidden = !s?.configured;
    this.tick(s?.configured && !s.running);
    if (!s?.configured) return;
    const p = s.progress;
    this.el.textContent = !s.running ? syncSummary(s) : p?.total ? `Syncing ${count(p)}` : "Syncing…";
    this.el.dataset.state = s.running ? "running" : s.offline ? "offline" : s.lastError ? "error" : "ok";
    this.el.title = s.lastError || `Contacts and deadlines on ${s.server}`;
  }
}

export class SyncCard {
  constructor() {
    this.status = null;
    this.editing = false;
    this.tick = everyMinute(() => this.show(this.status));
    this.server = h("input", { type: "text", id: "sync-server", autocomplete: "url", spellcheck: false,
      placeholder: "dav.example.com or https://cloud.example.com/remote.php/dav",
      oninput: () => { this.where.hidden = true; } });
    this.user = h("input", { type: "text", id: "sync-user", autocomplete: "username", spellcheck: false,
      oninput: () => { this.where.hidden = true; } });
    this.password = h("input", { type: "password", id: "sync-password", autocomplete: "current-password" });
    this.result = h("p", { class: "sync-result", id: "sync-result", "aria-live": "polite" });
    this.book = h("select", { id: "sync-book" });
    this.calendar = h("select", { id: "sync-calendar" });
    // Shown once Test connection has found what there is to pick from.
    this.where = h("div", { class: "grid2 sync-where", hidden: true },
      h("div", { class: "field" }, h("label", { for: "sync-book" }, "Contacts go to the address book"), this.book),
      h("div", { class: "field" }, h("label", { for: "sync-calendar" }, "Calls and deadlines go to the calendar"), this.calendar));
    this.summary = h("p", { class: "sync-summary", id: "sync-summary", "aria-live": "polite" });
    this.progress = h("div", { class: "progress", hidden: true },
      h("span", { class: "sync-step" }), h("progress", { max: 1, value: 0 }));
    this.gone = h("div", { class: "sync-gone", id: "sync-gone" });
    this.form = h("form", { class: "sync-form", novalidate: true, onsubmit: (e) => { e.preventDefault(); this.save(); } },
      h("div", { class: "field" }, h("label", { for: "sync-server" }, "Server address"), this.server),
      h("div", { class: "grid2" },
        h("div", { class: "field" }, h("label", { for: "sync-user" }, "User name"), this.user),
        h("div", { class: "field" }, h("label", { for: "sync-password" }, "Password"), this.password)),
      h("p", { class: "help" }, "For iCloud and Fastmail use an app password. It is kept in this computer's secret store, not in Rapport's files."),
      this.result,
      this.where,
      h("div", { class: "formbar" },
        this.cancel = h("button", { class: "btn quiet", type: "button", onclick: () => this.stopEditing() }, "Cancel"),
        h("button", { class: "btn", type: "button", id: "sync-test", onclick: () => this.test() }, "Test connection"),
        h("button", { class: "btn primary", type: "submit", id: "sync-save" }, "Save and sync")));
    this.actions = h("div", { class: "formbar" },
      h("button", { class: "btn quiet", type: "button", id: "sync-remove", onclick: () => this.remove() }, "Stop syncing…"),
      h("button", { class: "btn", type: "button", id: "sync-change", onclick: () => this.startEditing() }, "Change account…"),
      h("button", { class: "btn primary", type: "button", id: "sync-now", onclick: () => this.syncNow() }, "Sync now"));
    this.intro = h("p", { class: "help" },
      "Keep your contacts and deadlines on your own CalDAV/CardDAV server (Nextcloud, Radicale, Baïkal, Fastmail, iCloud): ",
      "contacts stay the same on your phone and other computers, and your phone alerts you about thank-you notes, follow-ups, ",
      "check-ins and calls even when this laptop is closed. Nothing leaves this computer until you set it up, and then only to that server.");
    this.root = h("section", { class: "card", id: "sync-card", "aria-labelledby": "sync-h" },
      h("h2", { id: "sync-h" }, "Sync with your server"),
      this.intro, this.summary, this.progress, this.form, this.actions, this.gone);
  }

  async refresh() {
    try {
      const [status, gone] = await Promise.all([api.sync.status(), api.sync.gone()]);
      this.show(status);
      this.showGone(gone);
    } catch (err) {
      toastError(err);
    }
  }

  /** A sync started, moved on or ended. */
  live({ running, progress }) {
    if (!this.status) return;
    const ended = this.status.running && !running;
    this.status = { ...this.status, running, progress };
    this.showProgress();
    if (ended) this.refresh();
  }

  show(status) {
    this.status = status;
    const configured = status.configured;
    // What the user is typing stays: the form is filled from the account only while hidden.
    if (configured && !this.editing) {
      this.server.value = status.server;
      this.user.value = status.userName;
    }
    this.form.hidden = configured && !this.editing;
    this.cancel.hidden = !configured;
    this.actions.hidden = !configured || this.editing;
    this.intro.hidden = configured && !this.editing;
    if (configured) {
      const line = [h("strong", {}, syncSummary(status)), " — ", isolate(status.userName), " at ", isolate(status.server),
        h("span", { class: "sync-where-said" }, "Contacts in ", isolate(status.addressBook.name),
          ", calls and deadlines in ", isolate(status.calendar.name), ".")];
      if (status.lastError && !status.running) {
        line.push(h("span", { class: "error sync-error", role: "alert" }, status.lastError,
          status.offline ? " Rapport tries again on its own." : ""));
      }
      mount(this.summary, line);
    } else {
      mount(this.summary, []);
    }
    this.tick(configured && this.root.isConnected);
    this.showProgress();
  }

  showProgress() {
    const s = this.status;
    const p = s?.running ? s.progress : null;
    this.progress.hidden = !s?.running;
    if (!s?.running) return;
    this.progress.querySelector(".sync-step").textContent = progressWords(p);
    const bar = this.progress.querySelector("progress");
    if (p?.total) {
      bar.max = p.total;
      bar.value = p.done;
    } else {
      bar.removeAttribute("value");
    }
  }

  showGone(people) {
    if (!people.length) {
      mount(this.gone, []);
      return;
    }
    mount(this.gone, [
      h("h3", {}, "Deleted on the server"),
      h("p", { class: "help" }, "These people's cards were deleted from the address book elsewhere. They stay here until you say."),
      h("ul", { class: "gone-list" }, people.map((p) => h("li", { dataset: { id: String(p.id) } },
        h("a", { href: `#/contacts/${p.id}` }, isolate(p.fullName)),
        p.organization ? h("span", { class: "meta" }, ` — ${isolate(p.organization)}`) : null,
        h("span", { class: "tools" },
          h("button", { class: "btn small", type: "button", onclick: () => this.settle(p, false) }, "Keep"),
          h("button", { class: "btn small danger", type: "button", onclick: () => this.settle(p, true) }, "Delete here too"))))),
    ]);
  }

  /** The address book and calendar picked: from the lists Test connection found, else as they are. */
  input() {
    const chosen = (select, fallback) => {
      if (this.where.hidden) return fallback;
      const option = select.selectedOptions[0];
      return { href: option?.value ?? "", name: option?.dataset.name ?? "" };
    };
    const same = this.status?.configured && this.status.server === this.server.value.trim()
      && this.status.userName === this.user.value.trim();
    const none = { href: "", name: "" };
    return {
      server: this.server.value.trim(),
      userName: this.user.value.trim(),
      addressBook: chosen(this.book, same ? this.status.addressBook : none),
      calendar: chosen(this.calendar, same ? this.status.calendar : none),
    };
  }

  /** Fills a list to pick from: what the server has, and "Rapport" made for Rapport when it has none. */
  offer(select, found, current, kind) {
    const rapport = found.find((c) => c.name === "Rapport");
    const options = rapport ? [] : [{ href: "", name: "Rapport", label: `A new ${kind}, “Rapport”` }];
    // A calendar that takes only events gets deadlines as events: the user is told.
    options.push(...found.map((c) => ({
      ...c, label: c.takesDeadlines === false ? `${c.name} — deadlines shown as events` : c.name })));
    mount(select, options.map((c) => h("option", { value: c.href, dataset: { name: c.name } }, c.label)));
    const wanted = current?.href ? current.href : (rapport?.href ?? "");
    if (options.some((c) => c.href === wanted)) select.value = wanted;
  }

  async test() {
    this.result.className = "sync-result";
    this.result.textContent = "Testing…";
    try {
      const current = this.input();
      const found = await api.sync.check(current, this.password.value);
      this.result.textContent = found.message;
      this.result.classList.add("ok");
      this.offer(this.book, found.addressBooks, current.addressBook, "address book");
      this.offer(this.calendar, found.calendars, current.calendar, "calendar");
      this.where.hidden = false;
    } catch (err) {
      this.result.textContent = err.message;
      this.result.classList.add("error");
    }
  }

  async save() {
    this.result.className = "sync-result";
    this.result.textContent = "";
    try {
      const status = await api.sync.save(this.input(), this.password.value);
      this.password.value = "";
      this.where.hidden = true;
      this.editing = false;
      this.show({ ...status, running: true, progress: null });
      window.dispatchEvent(new Event(ACCOUNT_CHANGED));
      toast("Account saved; syncing now");
    } catch (err) {
      this.result.textContent = err.message;
      this.result.classList.add("error");
    }
  }

  startEditing() {
    this.editing = true;
    this.show(this.status);
    this.password.focus();
  }

  stopEditing() {
    this.editing = false;
    this.where.hidden = true;
    this.result.textContent = "";
    this.show(this.status);
  }

  async syncNow() {
    await api.sync.now().catch(toastError);
    this.live({ running: true, progress: null });
  }

  async remove() {
    if (!(await api.confirm(
      "Stop syncing with this server? Everyone stays in Rapport, and nothing on the server is deleted; the password is removed from this computer.",
      { title: "Stop syncing", ok: "Stop syncing" }))) return;
    try {
      await api.sync.remove();
      window.dispatchEvent(new Event(ACCOUNT_CHANGED));
      this.editing = false;
      await this.refresh();
      toast("Sync stopped");
    } catch (err) {
      toastError(err);
    }
  }

  async settle(person, remove) {
    if (remove && !(await api.confirm(`Delete ${person.fullName} and everything logged with them from Rapport too?`,
      { title: "Delete contact", ok: "Delete" }))) return;
    try {
      await api.sync.settle(person.id, remove);
      toast(remove ? `${person.fullName} deleted` : `${person.fullName} kept; their card is written again at the next sync`);
      await this.refresh();
      if (!remove) api.sync.now();
    } catch (err) {
      toastError(err);
    }
  }
}
