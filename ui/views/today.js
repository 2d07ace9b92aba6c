// The home screen: what to do next — overdue, due today, the coming week.

import * as api from "../api.js";
import { h, mount } from "../dom.js";
import { formatLongDate, formatTime, formatWhen, isolate, labelOf } from "../format.js";
import { toast, toastError } from "../toast.js";
import { welcome } from "./welcome.js";

const DAY = 86_400_000;
/** Calls listed before "Show all" (as `CALLS_FIRST` in `commands/start.rs`). */
const INTERVIEWS_FIRST = 5;
/**
 * Reminders drawn at first, as many as the window could show, and then more each time the
 * user comes within a screen of the last one drawn: a long Today costs the first frame one
 * screen, not its whole length. (A reminder is never shorter than `ROW_MIN_HEIGHT`.)
 */
const ROW_MIN_HEIGHT = 72;
const firstRows = () => Math.max(4, Math.ceil(window.innerHeight / ROW_MIN_HEIGHT));
const ROWS_MORE = 24;

const GROUPS = {
  overdue: "Overdue",
  today: "Due today",
  upcoming: "Next 7 days",
};

export class TodayView {
  constructor(vocab) {
    this.vocab = vocab;
    this.list = h("div", { class: "today-groups", id: "today" });
    this.date = h("p", { class: "sub" });
    this.held = h("p", { class: "held", id: "held", role: "status", hidden: true });
    // Below the last reminder drawn: when it comes near, the next ones are drawn.
    this.end = h("div", { "aria-hidden": "true" });
    this.page = h("div", { class: "page narrow" },
      h("header", { class: "pagehead" },
        h("div", { class: "titles" }, h("h1", {}, "Today"), this.date)),
      this.held,
      this.list,
      this.end);
    this.root = h("div", { class: "today-root" }, this.page);
    // How many of each group the user has asked to see with "Show more", kept across redraws.
    this.wanted = {};
    // The groups whose loaded reminders are not all drawn yet, in the page's order.
    this.waiting = [];
    this.near = new IntersectionObserver((seen) => {
      if (seen.some((e) => e.isIntersecting)) this.drawMore();
    }, { rootMargin: "0px 0px 100% 0px" });
    this.near.observe(this.end);
  }

  canLeave() { return Promise.resolve(true); }

  /** True while the user is choosing a snooze date: a refresh now would throw it away. */
  get busy() {
    const active = document.activeElement;
    return Boolean(this.list.querySelector(".picker")) ||
      (this.list.contains(active) && ["INPUT", "SELECT"].includes(active.tagName));
  }

  /** The first screen's data, from the window's one start-up call, used instead of asking. */
  preload(page, calls) {
    this.preloaded = [page, calls];
  }

  async refresh() {
    try {
      const given = this.preloaded;
      this.preloaded = null;
      const [page, calls] = given ?? await Promise.all([
        api.reminders.today(),
        api.interviews.soon(Math.max(this.interviewsShown ?? 0, INTERVIEWS_FIRST)),
      ]);
      // A log with no one in it yet: say what Rapport is for and how to begin.
      if (page.people === 0) {
        this.shown = null;
        mount(this.root, welcome());
        return;
      }
      await this.loadWanted(page.groups);
      // Nothing new (the same reminders, the same day for "today" and "tomorrow"): the page
      // stays as it is, with no work for the window.
      const day = formatLongDate(new Date());
      const shown = JSON.stringify([day, page, calls]);
      if (shown === this.shown && this.page.isConnected) return;
      this.shown = shown;
      if (!this.page.isConnected) mount(this.root, this.page);
      this.date.textContent = day;
      this.showHeld(page.heldUntil);
      this.render(page.groups);
      this.renderInterviews(calls);
    } catch (err) {
      toastError(err);
    }
  }

  /** Beside the list: notifications wait out quiet hours, and until when. */
  showHeld(until) {
    this.held.hidden = !until;
    if (until) this.held.textContent = `Quiet hours: notifications are held until ${formatTime(until)}. Everything due is listed here.`;
  }

  /**
   * Calls in the coming week (and any missed), with how prepared each is: the soonest
   * first, the rest on asking.
   */
  renderInterviews({ total, first }) {
    if (!total) return;
    const rows = h("ul", { class: "reminders" });
    const more = h("button", { class: "btn quiet more", type: "button" },
      `Show all ${total.toLocaleString()}`);
    const show = (list) => {
      this.interviewsShown = list.length;
      mount(rows, list.map((i) => this.interview(i)));
      more.hidden = list.length >= total;
    };
    more.addEventListener("click", async () => {
      more.disabled = true;
      try {
        show((await api.interviews.soon()).first);
      } catch (err) {
        toastError(err);
      } finally {
        more.disabled = false;
      }
    });
    show(first);
    this.list.prepend(h("section", { class: "card", id: "upcoming-interviews", "aria-label": "Interviews" },
      h("h2", {}, "Interviews ", h("span", { class: "count" }, total.toLocaleString())),
      rows, more));
    const empty = this.list.querySelector(".empty");
    if (empty) empty.remove();
  }

  interview(i) {
    return h("li", { class: "reminder" },
      h("div", { class: "reminder-main" },
        h("span", { class: "kindtag" }, labelOf(this.vocab.mediums, i.medium)),
        h("p", { class: "body" }, h("bdi", {}, i.contactName), ` — ${formatWhen(i.scheduledAt)}`),
        h("p", { class: "meta" }, `Prepared ${i.readiness.percent}% · ${i.durationMinutes} min`,
          i.organization ? [" · ", h("bdi", { title: i.organization }, i.organization)] : "")),
      h("div", { class: "reminder-actions" },
        h("a", { class: "btn small", href: `#/interviews/${i.id}` }, "Prepare"),
        h("a", { class: "btn small primary", href: `#/interviews/${i.id}/call` }, "Start call")));
  }

  /** A redraw keeps what "Show more" had opened. */
  async loadWanted(groups) {
    for (const g of groups) {
      while (g.items.length < Math.min(this.wanted[g.bucket] ?? 0, g.total)) {
        const more = await api.reminders.more(g.bucket, g.items.length);
        if (!more.length) break;
        g.items.push(...more);
      }
    }
  }

  render(groups) {
    const focusedKey = document.activeElement?.dataset?.key;
    this.waiting = [];
    if (!groups.some((g) => g.total)) {
      mount(this.list, h("div", { class: "empty" },
        h("img", { src: "icon.svg", alt: "", width: 56, height: 56 }),
        h("h2", {}, "Nothing is due"),
        h("p", {}, "Thank-you notes, follow-ups and check-ins appear here when they come due, and as notifications on your desktop.")));
      return;
    }
    // A redraw draws as many as were drawn, so the page keeps its length and the user
    // their place in it.
    const drawn = this.list.querySelectorAll("[id^=bucket-] li.reminder").length;
    const keep = Math.max(firstRows(), drawn);
    this.waiting = groups.filter((g) => g.total).map((g) => this.group(g));
    mount(this.list);
    this.draw(keep);
    // The focused reminder keeps the focus, drawn if it is still listed.
    const listed = (key) => this.waiting.some((g) => g.rest.some((r) => keyOf(r) === key));
    if (focusedKey) {
      const find = () => this.list.querySelector(`[data-key="${CSS.escape(focusedKey)}"]`);
      while (!find() && listed(focusedKey)) this.draw(ROWS_MORE);
      find()?.focus();
    }
    this.watchEnd();
  }

  /** Draws up to `count` more reminders, each group's section once its turn comes. */
  draw(count) {
    while (this.waiting.length) {
      const group = this.waiting[0];
      if (!group.section.isConnected) this.list.append(group.section);
      const next = group.rest.splice(0, count);
      group.rows.append(...next.map((r) => this.item(r)));
      count -= next.length;
      if (group.rest.length) return;
      this.waiting.shift();
      group.drawn();
      if (count <= 0) return;
    }
  }

  /** The end of the page came near: the next reminders are drawn. */
  drawMore() {
    if (!this.waiting.length) return;
    this.draw(ROWS_MORE);
    this.watchEnd();
  }

  /** Asks to hear again where the end is, once the rows just drawn are laid out. */
  watchEnd() {
    this.near.unobserve(this.end);
    if (this.waiting.length) this.near.observe(this.end);
  }

  /**
   * One group: its total, the reminders loaded so far (drawn by `draw`), and "Show more"
   * for the rest once they are all drawn.
   */
  group(g) {
    const title = GROUPS[g.bucket];
    const list = h("ul", { class: "reminders" });
    const more = h("button", { class: "btn quiet more", type: "button", hidden: true });
    const showCount = () => {
      const left = g.total - g.items.length;
      more.hidden = left <= 0;
      more.textContent = `Show more (${left.toLocaleString()} more)`;
    };
    more.addEventListener("click", async () => {
      more.disabled = true;
      try {
        const next = await api.reminders.more(g.bucket, g.items.length);
        g.items.push(...next);
        this.wanted[g.bucket] = g.items.length;
        list.append(...next.map((r) => this.item(r)));
        if (!next.length) g.total = g.items.length;
        showCount();
      } catch (err) {
        toastError(err);
      } finally {
        more.disabled = false;
      }
    });
    const section = h("section", { class: "card", id: `bucket-${g.bucket}`, "aria-label": title },
      h("h2", {}, title, " ", h("span", { class: "count" }, g.total.toLocaleString())),
      list, more);
    return { section, rows: list, rest: [...g.items], drawn: showCount };
  }

  item(r) {
    const key = keyOf(r);
    const snooze = h("select", { class: "snooze", "aria-label": "Snooze",
      onchange: () => this.onSnoozeChoice(r, snooze) },
      h("option", { value: "" }, "Snooze…"),
      h("option", { value: "day" }, "1 day"),
      h("option", { value: "week" }, "1 week"),
      h("option", { value: "pick" }, "Pick a date…"));
    const when = r.snoozed
      ? `Snoozed until ${formatWhen(r.showAt)}`
      : r.bucket === "overdue" && r.overdueAt
        ? `Overdue since ${formatWhen(r.overdueAt)}`
        : `Due ${formatWhen(r.showAt)}`;
    return h("li", { class: `reminder kind-${r.kind} bucket-${r.bucket}`, tabindex: 0, dataset: { key },
      onkeydown: (e) => this.onKey(e, r) },
      h("div", { class: "reminder-main" },
        h("span", { class: "kindtag" }, labelOf(this.vocab.reminderKinds, r.kind)),
        h("p", { class: "body" }, r.body),
        r.advice?.length ? h("ul", { class: "checkin-advice", "aria-label": "Their advice, and what came of it" },
          r.advice.map((a) => h("li", {},
            "“", h("bdi", {}, a.text), "”",
            a.actedAt
              ? h("span", { class: "acted" }, " — ✓ ", a.actedNote ? h("bdi", {}, a.actedNote) : "acted on")
              : h("span", { class: "meta" }, " — not acted on yet")))) : null,
        h("p", { class: "meta" }, when,
          r.organization ? [" · ", h("bdi", { title: r.organization }, r.organization)] : "")),
      h("div", { class: "reminder-actions" },
        h("button", { class: "btn small primary", type: "button", title: "Done (D)", onclick: () => this.done(r) }, "Done"),
        snooze,
        WRITES.has(r.kind) ? h("a", { class: "btn small", href: writeLink(r), title: "Write (M)" }, "Write…") : null,
        h("a", { class: "btn small quiet", href: linkOf(r), title: "Open (Enter)" }, "Open")));
  }

  onKey(e, r) {
    if (e.target !== e.currentTarget || e.ctrlKey || e.metaKey || e.altKey) return;
    const k = e.key.toLowerCase();
    if (k === "d") { e.preventDefault(); this.done(r); }
    else if (k === "s") { e.preventDefault(); this.snoozeFor(r, DAY); }
    else if (k === "w") { e.preventDefault(); this.snoozeFor(r, 7 * DAY); }
    else if (k === "m" && WRITES.has(r.kind)) { e.preventDefault(); location.hash = writeLink(r); }
    else if (e.key === "Enter") { e.preventDefault(); location.hash = linkOf(r); }
    else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const rows = () => [...this.list.querySelectorAll("li.reminder")];
      let all = rows();
      const next = all.indexOf(e.currentTarget) + (e.key === "ArrowDown" ? 1 : -1);
      if (next >= all.length) {
        this.drawMore();
        all = rows();
      }
      all[next]?.focus();
    }
  }

  /** Done logs what was done (a thank-you sent, …); for a few seconds it can be undone. */
  async done(r) {
    try {
      const logged = await api.reminders.done(r, r.contactId);
      const what = `${labelOf(this.vocab.reminderKinds, r.kind)} for ${isolate(r.contactName)}`;
      toast(logged ? `Done: ${what}, logged on the timeline` : `Done: ${what}`, {
        action: { label: "Undo", shortcut: "Ctrl Z", run: () => this.undoDone(r, logged, what) },
        undo: true,
      });
      await this.refresh();
    } catch (err) {
      toastError(err);
    }
  }

  async undoDone(r, logged, what) {
    try {
      await api.reminders.undoDone(r, logged);
      toast(`Undone: ${what} is open again`);
      await this.refresh();
    } catch (err) {
      toastError(err);
    }
  }

  async snoozeFor(r, ms) {
    await this.snoozeUntil(r, new Date(Date.now() + ms));
  }

  async snoozeUntil(r, until) {
    try {
      await api.reminders.snooze(r, until.toISOString());
      toast(`Snoozed until ${formatWhen(until)}`);
      await this.refresh();
    } catch (err) {
      toastError(err);
    }
  }

  onSnoozeChoice(r, select) {
    const choice = select.value;
    select.value = "";
    if (choice === "day") this.snoozeFor(r, DAY);
    else if (choice === "week") this.snoozeFor(r, 7 * DAY);
    else if (choice === "pick") {
      const picker = select.parentElement.querySelector(".picker") ?? this.picker(r);
      select.after(picker);
      picker.querySelector("input").focus();
    }
  }

  /**
   * A date to snooze until, made when asked for: a date field on every row made Today's
   * first frame wait on building and laying out their parts.
   */
  picker(r) {
    const input = h("input", { type: "date", "aria-label": "Snooze until", min: isoDate(new Date(Date.now() + DAY)) });
    return h("span", { class: "picker" }, input,
      h("button", { class: "btn small", type: "button", onclick: () => this.snoozeToDate(r, input) }, "Snooze"));
  }

  snoozeToDate(r, input) {
    if (!input.value) {
      toast("Choose a date to snooze until.", { error: true });
      input.focus();
      return;
    }
    // The morning of the chosen day, in local time.
    const [y, m, d] = input.value.split("-").map(Number);
    this.snoozeUntil(r, new Date(y, m - 1, d, 9, 0));
  }
}

/** What tells one reminder from another across redraws. */
const keyOf = (r) => `${r.kind}:${r.subjectId}:${r.dueAt}`;

/** Reminders answered by a message, each with the template of the same name. */
const WRITES = new Set(["follow_up", "thank_you", "check_in"]);
const writeLink = (r) => `#/write/${r.contactId}?kind=${r.kind}`;

/** Where a reminder's "Open" goes: the prep for an interview, else the person. */
function linkOf(r) {
  return r.kind === "prepare" ? `#/interviews/${r.subjectId}` : `#/contacts/${r.contactId}`;
}

function isoDate(date) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
