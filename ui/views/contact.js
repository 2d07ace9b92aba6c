// One person's page: who they are and what is next on a card, their story as the main
// column, logging one key away (L), and every field editable in Edit mode (E).

import * as api from "../api.js";
import { h, mount, debounce, field as baseField, showErrors } from "../dom.js";
import { formatDay, formatWhen, isolate, labelOf, splitList, toLocalInput } from "../format.js";
import { toast, toastError } from "../toast.js";

const TEXT_FIELDS = ["fullName", "role", "organization", "industry", "location", "phone",
  "phoneExt", "workAddress", "profileUrl", "inCommon", "notes"];

const IDS = { control: "f-", error: "err-" };
const field = (name, label, control, options) => baseField(IDS, name, label, control, options);

const input = (type = "text", attrs = {}) => h("input", { type, autocomplete: "off", ...attrs });
const textarea = (rows = 3) => h("textarea", { rows });
const select = (choices, { blank = null } = {}) => h("select", {},
  blank === null ? null : h("option", { value: "" }, blank),
  choices.map((c) => h("option", { value: c.value }, c.label)));

const refLabel = (r) => (r.organization ? `${r.fullName} — ${r.organization}` : r.fullName);

/** User text in the page: its own direction island, its full text in a tooltip. */
const bdi = (text, attrs = {}) => h("bdi", { title: text, ...attrs }, text);

/** A link to a person, named as the user wrote them. */
const personLink = (r, attrs = {}) => h("a", { href: `#/contacts/${r.id}`, ...attrs }, bdi(r.fullName));

const HOUR = 3_600_000;
/** How much of a value sync did not take the timeline shows: a long note, its start. */
const REFUSED_SHOWN = 280;
const DAY = 24 * HOUR;

/** Quick picks for when an interaction happened; past ones fall on the hour. */
const WHEN_PICKS = [
  ["now", "Now", () => new Date()],
  ["earlier", "Earlier today", () => {
    const now = new Date();
    const t = new Date(now.getTime() - 2 * HOUR);
    t.setMinutes(0, 0, 0);
    const midnight = new Date(now.getFullYear(), now.getMonth(), now.getDate());
    return t < midnight ? midnight : t;
  }],
  ["yesterday", "Yesterday", () => onTheHour(Date.now() - DAY)],
  ["3days", "3 days ago", () => onTheHour(Date.now() - 3 * DAY)],
  ["week", "Last week", () => onTheHour(Date.now() - 7 * DAY)],
];

/**
 * What Delete asks, with the person's name as its own direction island so a right-to-left
 * name cannot reorder the sentence.
 */
export function deleteQuestion(name, interactions) {
  const what = interactions ? ` and ${interactions === 1 ? "their interaction" : `their ${interactions} interactions`}` : "";
  return `Delete ${isolate(name)}${what}? This cannot be undone.`;
}

/** A web address as a person reads it: no scheme, no "www.", no %-escapes. */
function readableLink(url) {
  let text = url;
  try {
    text = decodeURI(url);
  } catch {
    // Not valid escapes: show it as stored.
  }
  return text.replace(/^https?:\/\/(www\.)?/, "").replace(/\/$/, "");
}

function onTheHour(ms) {
  const t = new Date(ms);
  t.setMinutes(0, 0, 0);
  return t;
}

export class ContactPage {
  constructor(pane, selection, vocab, preset = null) {
    this.pane = pane;
    this.vocab = vocab;
    /** A new contact's organization and source, when it comes from "find someone there". */
    this.preset = preset;
    this.id = selection === "new" ? null : Number(selection);
    this.referrers = new Map(); // label shown in the picker → contact id
    this.snapshot = "";
    this.disposed = false;
    this.editing = false;
    this.detail = null;
    /** Conversations whose lines are shown to be marked as advice; kept across redraws. */
    this.picking = new Set();
    /** The advice item whose "acted on" or "add as a contact" form is open: [id, which]. */
    this.adviceForm = null;
    this.ready = this.load();
  }

  dispose() {
    this.keepDraft?.flush();
    this.disposed = true;
  }

  /** Notes typed in the log form are kept, whatever happens next (another page, a quit). */
  async flush() {
    await this.keepDraft?.flush();
  }

  async load() {
    try {
      if (this.id === null) {
        this.renderNew();
        return;
      }
      const detail = await api.contacts.get(this.id);
      if (this.disposed) return;
      this.detail = detail;
      this.render();
    } catch (err) {
      if (this.disposed) return;
      this.showError(err);
    }
  }

  showError(err) {
    if (err.kind === "not_found") {
      mount(this.pane, h("div", { class: "empty" },
        h("h2", {}, "This person is no longer in your log"),
        h("a", { href: "#/contacts" }, "Back to contacts")));
    } else {
      toastError(err);
    }
  }

  /** The data changed somewhere: what is shown is asked for again; typed words stay. */
  async dataChanged() {
    if (this.id === null || this.disposed) return;
    try {
      const detail = await api.contacts.get(this.id);
      // Unchanged (this page's own save already drew it): nothing is redrawn, so no
      // link moves under the pointer and the focus stays where it is.
      // (The notes kept as they are typed are this page's own.)
      const same = JSON.stringify({ ...detail, logDraft: null }) === JSON.stringify({ ...this.detail, logDraft: null });
      if (this.disposed || same) return;
      this.detail = detail;
      if (!this.editing) this.renderCard();
      this.renderTimeline();
      this.renderAbout();
      this.renderInterviews();
      this.renderAdvice();
    } catch (err) {
      if (!this.disposed) this.showError(err);
    }
  }

  // ---- Viewing a person ----

  render() {
    this.card = h("section", { class: "card person-card", id: "person-card", "aria-label": "Person" });
    this.timeline = h("ol", { class: "timeline", id: "timeline", "aria-label": "Timeline, newest first" });
    this.timelineHeading = h("h2", { id: "timeline-h" }, "Timeline");
    this.about = h("section", { class: "card about", id: "about", "aria-label": "About" });
    this.interviewsCard = h("section", { class: "card", id: "interviews", "aria-label": "Interviews" });
    this.adviceCard = h("section", { class: "card", id: "advice", "aria-labelledby": "advice-h" });
    this.editArea = h("div", { class: "edit-area", hidden: true });
    this.viewArea = h("div", { class: "columns person-columns" },
      h("section", { class: "card timeline-card", "aria-labelledby": "timeline-h" }, this.timelineHeading, this.timeline),
      h("div", { class: "side" }, this.renderLogForm(), this.interviewsCard, this.adviceCard, this.about));
    mount(this.pane, h("div", { class: "page person-page" }, this.card, this.editArea, this.viewArea));
    this.renderCard();
    this.renderTimeline();
    this.renderAbout();
    this.renderInterviews();
    this.renderAdvice();
  }

  renderCard() {
    const { contact: c, referredBy, referrals } = this.detail;
    const v = this.vocab;
    const org = c.organization
      ? h("a", { href: `#/organizations/${c.organizationId}`, id: "organization-link" }, bdi(c.organization))
      : null;
    const facts = [
      h("span", { class: `pill stage-${c.stage}`, id: "stage" }, labelOf(v.stages, c.stage)),
      c.source ? h("span", { class: "fact" }, `Found through ${labelOf(v.sources, c.source)}`) : null,
      referredBy ? h("span", { class: "fact" }, "Referred by ", personLink(referredBy, { id: "referred-by-link" })) : null,
      referrals.length ? h("span", { class: "fact", id: "referrals" }, "Referred ",
        referrals.map((r, n) => [n ? ", " : "", personLink(r)])) : null,
    ];
    const reach = [
      ...c.emails.map((e) => this.reachItem("Email", e, `mailto:${e}`)),
      c.phone ? this.reachItem("Phone", c.phoneExt ? `${c.phone} ext. ${c.phoneExt}` : c.phone, null) : null,
      c.profileUrl ? this.reachItem("Profile", readableLink(c.profileUrl), c.profileUrl, { copy: false }) : null,
    ].filter(Boolean);
    mount(this.card,
      h("div", { class: "person-head" },
        h("div", { class: "titles" },
          h("h1", {}, bdi(c.fullName)),
          c.role || org ? h("p", { class: "sub", id: "role-line" },
            c.role ? bdi(c.role) : null, c.role && org ? " at " : "", org) : null),
        h("div", { class: "actions" },
          h("a", { class: "btn", href: `#/write/${c.id}`, id: "write" }, "Write… ", h("kbd", {}, "W")),
          h("button", { class: "btn", type: "button", id: "edit", onclick: () => this.edit() }, "Edit ", h("kbd", {}, "E")),
          h("button", { class: "btn danger quiet", type: "button", id: "delete", onclick: () => this.remove() }, "Delete…"))),
      h("div", { class: "facts" }, facts),
      reach.length ? h("ul", { class: "reach", id: "reach", "aria-label": "Reaching them" }, reach) : null,
      this.renderNext());
  }

  /** An email, phone or profile: opened by the OS's own app, and copyable. */
  reachItem(kind, text, link, { copy = true } = {}) {
    return h("li", { class: "reach-item" },
      h("span", { class: "reach-kind" }, kind),
      link
        ? h("a", { href: link, class: "reach-link", title: kind === "Profile" ? `Open ${text} in your browser` : `Write to ${text}`,
          onclick: (e) => { e.preventDefault(); this.openLink(link); } }, bdi(text))
        : bdi(text, { class: "reach-text" }),
      copy ? h("button", { class: "btn small quiet copy", type: "button", "aria-label": `Copy ${kind.toLowerCase()}`,
        onclick: () => this.copy(text, kind) }, "Copy") : null);
  }

  async openLink(link) {
    try {
      await api.contacts.openLink(link);
    } catch (err) {
      toastError(err);
    }
  }

  async copy(text, kind) {
    try {
      await api.copyText(text);
      toast(`${kind} copied`);
    } catch (err) {
      toastError(err);
    }
  }

  /** What comes next with this person: their next reminder and next interview. */
  renderNext() {
    const { nextReminder: r, nextInterview: i } = this.detail;
    if (!r && !i) return null;
    const v = this.vocab;
    const items = [];
    if (r) {
      const overdue = r.bucket === "overdue";
      items.push(h("li", { class: overdue ? "overdue" : "" },
        h("strong", {}, labelOf(v.reminderKinds, r.kind)),
        ` ${overdue ? "overdue since" : r.snoozed ? "snoozed until" : "due"} ${formatWhen(overdue && r.overdueAt ? r.overdueAt : r.showAt)}`));
    }
    if (i) {
      items.push(h("li", {},
        h("a", { href: `#/interviews/${i.id}` }, h("strong", {}, "Interview")),
        ` ${formatWhen(i.scheduledAt)} · prepared ${i.readiness.percent}%`));
    }
    return h("div", { class: "next" }, h("span", { class: "next-label" }, "Next"), h("ul", { id: "next" }, items));
  }

  /** What is known about them beyond the card; blank things are left out. */
  renderAbout() {
    const c = this.detail.contact;
    const rows = [
      ["Industry", c.industry],
      ["Location", c.location],
      ["Work address", c.workAddress],
      ["In common", c.inCommon],
      ["Notes", c.notes],
    ].filter(([, value]) => value);
    const cadence = c.checkinPaused ? "Check-ins paused"
      : c.checkinMonths ? `Check in every ${c.checkinMonths} ${c.checkinMonths === 1 ? "month" : "months"}`
        : "Check-ins follow Settings";
    mount(this.about,
      h("h2", {}, "About"),
      c.tags.length ? h("p", { class: "tags" }, c.tags.map((t) => h("span", { class: "tag" }, bdi(t)))) : null,
      rows.length
        ? h("dl", { class: "about-list" }, rows.map(([label, value]) => [h("dt", {}, label), h("dd", {}, bdi(value))]))
        : h("p", { class: "muted" }, "Industry, location, what you have in common and your notes show here. ",
          h("a", { href: "#", onclick: (e) => { e.preventDefault(); this.edit(); } }, "Add them"), "."),
      h("p", { class: "muted" }, cadence));
  }

  renderTimeline() {
    if (this.disposed) return;
    const entries = this.detail.timeline;
    this.timelineCount = this.detail.interactions.length;
    mount(this.timelineHeading, "Timeline ", h("span", { class: "count" }, this.timelineCount ? String(this.timelineCount) : ""));
    mount(this.timeline, entries.map((e) => this.timelineEntry(e)));
    if (!this.timelineCount) {
      this.timeline.prepend(h("li", { class: "muted hint-row" },
        "Log each email, call or meeting (", h("kbd", {}, "L"), ") and it appears here, newest first."));
    }
  }

  timelineEntry(e) {
    const v = this.vocab;
    const when = h("time", { class: "meta", datetime: e.at }, formatWhen(e.at));
    const row = (cls, title, meta, tools, ...body) => h("li", { class: `event ${cls}` },
      h("span", { class: "dot", "aria-hidden": "true" }),
      h("div", { class: "event-body" },
        h("div", { class: "what" }, h("strong", {}, title), meta ? h("span", { class: "meta" }, meta) : null, tools),
        when, ...body));
    switch (e.type) {
      case "interaction": {
        const i = e.interaction;
        const title = i.purpose ? labelOf(v.purposes, i.purpose) : labelOf(v.channels, i.channel);
        const meta = [i.purpose ? labelOf(v.channels, i.channel) : null, labelOf(v.directions, i.direction),
          i.outcome ? labelOf(v.outcomes, i.outcome) : null].filter(Boolean).join(" · ");
        const picking = this.picking.has(i.id);
        const li = row(`interaction dir-${i.direction}`, title, meta,
          h("span", { class: "tools" },
            i.notes ? h("button", { class: "btn small quiet line-advice", type: "button", "aria-pressed": String(picking),
              title: "Mark lines of these notes as advice they gave",
              onclick: () => this.togglePicking(i.id) }, "Advice…") : null,
            h("button", { class: "btn small quiet", type: "button", "aria-label": "Delete this interaction",
              onclick: () => this.removeInteraction(i) }, "Delete")),
          i.notes ? this.notesOf(i) : null,
          picking ? this.linePicker(i) : null,
          e.interviewId ? h("a", { class: "small-link", href: `#/interviews/${e.interviewId}` }, "The prep and its questions") : null);
        li.dataset.id = String(i.id);
        return li;
      }
      case "interview":
        return row("interview", e.status === "scheduled" ? "Interview scheduled" : `Interview ${labelOf(v.interviewStatuses, e.status).toLowerCase()}`,
          `${labelOf(v.mediums, e.medium)} · ${e.durationMinutes} min${e.status === "scheduled" ? ` · prepared ${e.prepared}%` : ""}`,
          null,
          h("a", { class: "small-link", href: `#/interviews/${e.id}` }, e.status === "scheduled" ? "Prepare" : "Open the prep"));
      case "referred":
        return row("referral", "Suggested talking to", null, null,
          h("p", {}, personLink(e.person), e.person.organization ? [" — ", bdi(e.person.organization)] : ""));
      case "moved":
        return row("moved", e.field === "role" ? "New role" : "Moved organization", null, null,
          h("p", {}, bdi(e.from, { class: "was" }), " → ", bdi(e.to)));
      case "sync_conflict":
        if (e.reason === "refused") {
          // Sync leaves the value on the card as the phone wrote it. A note of pages shows
          // its start, and how long it is.
          const whole = e.to || "(empty)";
          const shown = whole.length > REFUSED_SHOWN ? `${whole.slice(0, REFUSED_SHOWN).trimEnd()}…` : whole;
          return row("moved", `${e.field} on the server not taken`, "Rapport's contact form does not accept it; it stays on the card", null,
            h("p", {}, bdi(shown, { class: "was" })),
            shown === whole ? null : h("p", { class: "meta" }, `${whole.length.toLocaleString()} characters in all`),
            h("p", { class: "meta" }, "Kept: ", bdi(e.kept || "(empty)")));
        }
        return row("moved", `${e.field} changed ${e.side === "server" ? "on the server" : "here"} too`,
          "not kept: the other change was newer", null,
          h("p", {}, bdi(e.from || "(empty)", { class: "was" }), " → ", bdi(e.to || "(empty)")),
          h("p", { class: "meta" }, "Kept: ", bdi(e.kept || "(empty)")));
      case "added":
        return row("added", "Added to Rapport", null, null,
          e.referredBy ? h("p", {}, "Referred by ", personLink(e.referredBy)) : null);
      default:
        return null;
    }
  }

  /** The advice marked on an interaction's lines, by line. */
  adviceLines(interactionId) {
    return new Map(this.detail.advice.filter((a) => a.interactionId === interactionId).map((a) => [a.line, a]));
  }

  /** A conversation's notes, the lines marked as advice set apart. */
  notesOf(i) {
    const marked = this.adviceLines(i.id);
    return h("p", { class: "notes" }, i.notes.split("\n").map((line, n) => [
      n ? "\n" : "",
      marked.has(n)
        ? h("span", { class: "advice-line" }, h("span", { class: "advice-mark" }, "Advice"), bdi(line, { title: null }))
        : bdi(line, { title: null }),
    ]));
  }

  togglePicking(id) {
    if (this.picking.has(id)) this.picking.delete(id);
    else this.picking.add(id);
    this.renderTimeline();
    this.timeline.querySelector(`li[data-id="${id}"] .line-picker input`)?.focus();
  }

  /** Each line of a conversation's notes, ticked when it is advice. */
  linePicker(i) {
    const marked = this.adviceLines(i.id);
    return h("ul", { class: "line-picker", "aria-label": "Which lines are advice they gave?" },
      i.notes.split("\n").map((line, n) => {
        if (!line.trim()) return null;
        const box = h("input", { type: "checkbox", "aria-label": `Advice: ${line}`,
          onchange: () => this.markLine(i, n, box) });
        box.checked = marked.has(n);
        return h("li", {}, h("label", { class: "tick" }, box, " ", bdi(line, { title: null })));
      }));
  }

  async markLine(i, n, box) {
    const was = this.adviceLines(i.id).get(n);
    if (!box.checked && was && (was.actedAt || was.referral)
      && !(await api.confirm("You noted what you did with this advice. Unmark the line and remove that note?", {
        title: "Unmark advice", ok: "Unmark", cancel: "Keep it",
      }))) {
      box.checked = true;
      return;
    }
    try {
      await api.advice.mark(i.id, n, box.checked);
      await this.dataChanged();
    } catch (err) {
      box.checked = !box.checked;
      toastError(err);
    }
  }

  /** The advice they gave: acted on or not yet, and the people it named. */
  renderAdvice() {
    if (this.disposed || !this.adviceCard) return;
    const list = this.detail.advice;
    // Redrawn when the data changes: what is being typed in it stays, and so does the focus.
    const typing = this.adviceCard.querySelector(".advice-item form");
    const kept = typing && {
      key: typing.dataset.key,
      values: [...typing.querySelectorAll("input")].map((i) => i.value),
      focused: [...typing.querySelectorAll("input")].indexOf(document.activeElement),
    };
    this.adviceAdd ??= this.adviceAddForm();
    // Taking the add form out and back drops its focus: the next keys typed would be
    // shortcuts. The caret goes back where it was.
    const active = this.adviceAdd.contains(document.activeElement) ? document.activeElement : null;
    const caret = active && [active.selectionStart, active.selectionEnd];
    mount(this.adviceCard,
      h("h2", { id: "advice-h" }, "Advice ", h("span", { class: "count" }, list.length ? String(list.length) : "")),
      list.length
        ? h("ul", { class: "advice-list", id: "advice-list" }, list.map((a) => this.adviceItem(a)))
        : h("p", { class: "muted" }, "What they advise shows here, to act on and report back in a check-in. Mark lines of a conversation (",
          h("strong", {}, "Advice…"), " on the timeline), or add it here."),
      this.adviceAdd);
    if (active) {
      active.focus();
      if (caret[0] !== null) active.setSelectionRange(caret[0], caret[1]);
    }
    const again = kept && this.adviceCard.querySelector(`.advice-item form[data-key="${kept.key}"]`);
    if (again) {
      const inputs = [...again.querySelectorAll("input")];
      inputs.forEach((input, n) => { input.value = kept.values[n] ?? input.value; });
      inputs[kept.focused]?.focus();
    }
  }

  /** Advice typed on its own: one form for the page's life, so nothing typed in it is lost. */
  adviceAddForm() {
    const text = h("input", { type: "text", id: "new-advice", "aria-label": "Advice they gave", placeholder: "Advice they gave, in a line" });
    const add = async (e) => {
      e.preventDefault();
      if (!text.value.trim()) { text.focus(); return; }
      try {
        await api.advice.add(this.id, text.value);
        text.value = "";
        await this.dataChanged();
        text.focus();
      } catch (err) {
        toastError(err);
      }
    };
    return h("form", { class: "grid2", id: "advice-form", onsubmit: add, novalidate: true }, text,
      h("button", { class: "btn", type: "submit" }, "Add advice"));
  }

  adviceItem(a) {
    const open = this.adviceForm && this.adviceForm[0] === a.id ? this.adviceForm[1] : null;
    const redraw = (form) => {
      this.adviceForm = form;
      this.renderAdvice();
      this.adviceCard.querySelector(`li[data-id="${a.id}"] form input`)?.focus();
    };
    const run = async (promise, message) => {
      // The form this closes; one opened while the answer was coming stays open.
      const closing = this.adviceForm;
      try {
        const done = await promise;
        if (this.adviceForm === closing) this.adviceForm = null;
        await this.dataChanged();
        this.renderAdvice();
        if (message) message(done);
      } catch (err) {
        toastError(err);
      }
    };
    const cancelOnEscape = (e) => { if (e.key === "Escape") { e.preventDefault(); e.stopPropagation(); redraw(null); } };
    let form = null;
    if (open === "acted") {
      const note = h("input", { type: "text", "aria-label": "What you did", placeholder: "What you did (optional)", onkeydown: cancelOnEscape });
      note.value = note.dataset.was = a.actedNote;
      form = h("form", { class: "acted-form", dataset: { key: `${a.id}:acted` }, novalidate: true, onsubmit: (e) => { e.preventDefault(); run(api.advice.act(a.id, note.value)); } },
        note, h("button", { class: "btn small primary", type: "submit" }, "Save"),
        h("button", { class: "btn small quiet", type: "button", onclick: () => redraw(null) }, "Cancel"));
    } else if (open === "refer") {
      const name = h("input", { type: "text", "aria-label": "Name", placeholder: "Name", onkeydown: cancelOnEscape });
      const org = h("input", { type: "text", "aria-label": "Organization", placeholder: "Organization", onkeydown: cancelOnEscape });
      name.value = name.dataset.was = a.names?.fullName ?? "";
      org.value = org.dataset.was = a.names?.organization ?? "";
      form = h("form", { class: "refer-form", dataset: { key: `${a.id}:refer` }, novalidate: true, onsubmit: (e) => {
        e.preventDefault();
        if (!name.value.trim()) { name.focus(); return; }
        run(api.advice.refer(a.id, { fullName: name.value, organization: org.value }), (done) => {
          toast(`${done.referral.fullName} added, referred by ${this.detail.contact.fullName}`, {
            action: { label: "Open", run: () => { location.hash = `#/contacts/${done.referral.id}`; } },
          });
        });
      } },
      name, org, h("button", { class: "btn small primary", type: "submit" }, "Add contact"),
      h("button", { class: "btn small quiet", type: "button", onclick: () => redraw(null) }, "Cancel"));
    }
    const remove = async () => {
      if (!(await api.confirm(`Remove the advice “${isolate(a.text)}”${a.actedAt ? " and what you noted you did" : ""}?`, {
        title: "Remove advice", ok: "Remove", cancel: "Keep it",
      }))) return;
      run(api.advice.remove(a.id));
    };
    return h("li", { class: "advice-item", dataset: { id: String(a.id) } },
      h("span", { class: "said" }, bdi(a.text)),
      h("span", { class: "meta" }, `Given ${formatDay(a.givenAt)}`),
      a.actedAt ? h("span", { class: "acted" }, `✓ Acted on ${formatDay(a.actedAt)}`, a.actedNote ? [": ", bdi(a.actedNote)] : "") : null,
      a.referral ? h("span", { class: "meta" }, "Now in your log: ", personLink(a.referral)) : null,
      form ?? h("div", { class: "tools" },
        a.actedAt
          ? [h("button", { class: "btn small quiet", type: "button", onclick: () => redraw([a.id, "acted"]) }, "Edit note"),
            h("button", { class: "btn small quiet", type: "button", onclick: () => run(api.advice.act(a.id, null)) }, "Not yet")]
          : h("button", { class: "btn small acted-on", type: "button", onclick: () => redraw([a.id, "acted"]) }, "Acted on…"),
        a.referral ? null : h("button", { class: "btn small quiet refer", type: "button", onclick: () => redraw([a.id, "refer"]) },
          a.names ? `Add ${a.names.fullName} as a contact…` : "Add someone it names…"),
        h("button", { class: "btn small quiet", type: "button", "aria-label": "Remove this advice", onclick: remove }, "Remove")));
  }

  async renderInterviews() {
    const upcoming = this.detail.nextInterview;
    mount(this.interviewsCard,
      h("h2", {}, "Interviews"),
      upcoming
        ? h("p", {}, h("a", { href: `#/interviews/${upcoming.id}` }, formatWhen(upcoming.scheduledAt)),
          ` · prepared ${upcoming.readiness.percent}%`)
        : h("p", { class: "muted" }, "Nothing scheduled. Past interviews are on the timeline."),
      h("button", { class: "btn", type: "button", id: "schedule-interview", onclick: () => this.showScheduleForm() },
        "Schedule an interview"));
  }

  showScheduleForm() {
    const v = this.vocab;
    const when = h("input", { type: "datetime-local", id: "f-i-when" });
    const tomorrow = new Date(Date.now() + DAY);
    tomorrow.setHours(14, 0, 0, 0);
    when.value = toLocalInput(tomorrow);
    const duration = h("input", { type: "number", id: "f-i-duration", min: 5, max: 240, value: "20" });
    const medium = select(v.mediums);
    medium.value = "video";
    const place = input("text", { placeholder: "Meeting link, address or phone number" });
    const goal = input("text", { placeholder: "What do you want to learn?" });
    const error = h("p", { class: "error", id: "err-schedule" });
    const form = h("form", { class: "log", id: "schedule-form", novalidate: true, onsubmit: async (e) => {
      e.preventDefault();
      error.textContent = "";
      const at = new Date(when.value);
      if (Number.isNaN(at.getTime())) { error.textContent = "Give a date and time."; when.focus(); return; }
      try {
        const created = await api.interviews.create({
          contactId: this.id, scheduledAt: at.toISOString(), durationMinutes: Number(duration.value),
          medium: medium.value, place: place.value, goal: goal.value,
        });
        // Scheduled: nothing typed in the form is left to lose.
        form.reset();
        location.hash = `#/interviews/${created.id}`;
      } catch (err) {
        error.textContent = err.message;
      }
    } },
      h("div", { class: "grid2" },
        field("i-when", "When", when), field("i-duration", "Minutes", duration),
        field("i-medium", "How", medium), field("i-place", "Where", place)),
      field("i-goal", "Goal", goal),
      error,
      h("div", { class: "formbar" }, h("button", { class: "btn primary", type: "submit", id: "schedule-submit" }, "Schedule and prepare")));
    this.interviewsCard.querySelector("#schedule-interview")?.replaceWith(form);
    when.focus();
  }

  // ---- Logging an interaction ----

  renderLogForm() {
    const v = this.vocab;
    const log = this.log = {
      channel: select(v.channels),
      direction: select(v.directions),
      outcome: select(v.outcomes, { blank: "—" }),
      occurredAt: input("datetime-local"),
      notes: textarea(3),
    };
    log.occurredAt.value = toLocalInput();
    log.notes.placeholder = "What was said, what comes next";
    // Kept as they are typed: a crash or a quit loses none of them, and another visit to
    // this page finds them again.
    const status = h("p", { class: "help", id: "log-status", "aria-live": "polite" });
    this.keepDraft = debounce(() => api.interactions.keepDraft(this.id, log.notes.value).catch(() => {}), 400);
    log.notes.addEventListener("input", () => { status.textContent = ""; this.keepDraft(); });
    if (this.detail?.logDraft) {
      log.notes.value = this.detail.logDraft;
      status.textContent = "Not logged yet: kept from before";
    }
    this.logStatus = status;
    log.notes.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); this.logInteraction(); }
    });
    const labels = { channel: "Channel", direction: "Direction", outcome: "Outcome", occurredAt: "Exactly when", notes: "Notes" };
    const wire = (name, control, options) => field(`log-${name}`, labels[name], control, options);
    this.picks = WHEN_PICKS.map(([key, label, at]) => h("button", {
      class: "chip", type: "button", dataset: { pick: key }, "aria-pressed": key === "now" ? "true" : "false",
      onclick: () => this.pickWhen(key, at()),
    }, label));
    log.occurredAt.addEventListener("input", () => this.markPick(null));
    this.logForm = h("form", { class: "card log", id: "log-form", "aria-label": "Log an interaction", novalidate: true,
      onsubmit: (e) => { e.preventDefault(); this.logInteraction(); } },
      h("h2", {}, "Log an interaction ", h("kbd", {}, "L")),
      h("div", { class: "grid2" },
        wire("channel", log.channel), wire("direction", log.direction),
        wire("outcome", log.outcome, { wide: true })),
      // Notes before the date: the date defaults to now and its parts each take a Tab.
      wire("notes", log.notes),
      status,
      h("div", { class: "field" },
        h("span", { class: "label", id: "when-label" }, "When"),
        h("div", { class: "chips", role: "group", "aria-labelledby": "when-label", id: "when-picks" }, this.picks)),
      wire("occurredAt", log.occurredAt),
      h("div", { class: "formbar" },
        h("button", { class: "btn primary", type: "submit", id: "log-submit" }, "Log it ", h("kbd", {}, "Ctrl ↵"))));
    return this.logForm;
  }

  pickWhen(key, at) {
    this.log.occurredAt.value = toLocalInput(at);
    this.markPick(key);
  }

  markPick(key) {
    for (const b of this.picks) b.setAttribute("aria-pressed", String(b.dataset.pick === key));
  }

  focusLog() {
    if (this.editing || !this.log) return;
    this.log.channel.focus();
  }

  async logInteraction() {
    const log = this.log;
    // "Now" means the moment it is logged, not the minute the field shows.
    const now = this.picks.find((b) => b.dataset.pick === "now")?.getAttribute("aria-pressed") === "true";
    const when = now ? new Date() : new Date(log.occurredAt.value);
    const logErrors = (problems) => showErrors(this.logForm, IDS,
      problems.map((p) => ({ ...p, field: `log-${p.field}` })));
    logErrors([]);
    if (Number.isNaN(when.getTime())) {
      logErrors([{ field: "occurredAt", message: "Give a date and time." }]);
      return;
    }
    try {
      const logged = await api.interactions.create({
        contactId: this.id,
        occurredAt: when.toISOString(),
        channel: log.channel.value,
        direction: log.direction.value,
        outcome: log.outcome.value || null,
        notes: log.notes.value,
      });
      log.notes.value = "";
      this.logStatus.textContent = "";
      // Logged: the notes kept are forgotten, by the keeping still waiting or at once.
      await (this.keepDraft.flush() ?? api.interactions.keepDraft(this.id, ""));
      log.outcome.value = "";
      this.pickWhen("now", new Date());
      // Back to the page, so single-key shortcuts work again; L returns to the form.
      this.pane.closest("main")?.focus();
      toast(`Logged: ${labelOf(this.vocab.channels, logged.interaction.channel)}`);
      await this.dataChanged();
    } catch (err) {
      if (err.kind === "invalid") logErrors(err.fields);
      else toastError(err);
    }
  }

  async removeInteraction(i) {
    const what = `${labelOf(this.vocab.channels, i.channel)} of ${formatWhen(i.occurredAt)}`;
    try {
      const kept = this.adviceLines(i.id).size ? " The advice marked on it stays on this page." : "";
      if (!(await api.confirm(`Delete the ${what}? This cannot be undone.${kept}`, { title: "Delete interaction", ok: "Delete" }))) return;
      await api.interactions.remove(i.id);
      await this.dataChanged();
    } catch (err) {
      toastError(err);
    }
  }

  // ---- Editing ----

  /** A new person: the form alone, its name field ready for typing. */
  async renderNew() {
    this.editing = true;
    this.editArea = h("div", { class: "edit-area" });
    mount(this.pane, h("div", { class: "page person-page" },
      h("header", { class: "pagehead" }, h("div", { class: "titles" }, h("h1", {}, "New contact"))),
      this.editArea));
    await this.renderForm(null);
  }

  /** Edit mode (E): every field, with the same checks, Save (Ctrl+S) and Cancel (Esc). */
  async edit() {
    if (this.editing || this.id === null || !this.detail) return;
    this.editing = true;
    this.card.hidden = true;
    this.viewArea.hidden = true;
    this.editArea.hidden = false;
    await this.renderForm(this.detail);
    this.controls.fullName.focus();
  }

  /** Leaves Edit mode, asking first when there are unsaved changes. */
  async cancelEdit() {
    if (!this.editing || this.id === null) return false;
    if (this.dirty && !(await api.confirm(`You changed ${isolate(this.nameForDialog())} and did not save. Discard the changes?`, {
      title: "Unsaved changes", ok: "Discard", cancel: "Keep editing",
    }))) return true;
    this.closeEditor();
    return true;
  }

  closeEditor() {
    this.editing = false;
    this.controls = undefined;
    mount(this.editArea);
    this.editArea.hidden = true;
    this.card.hidden = false;
    this.viewArea.hidden = false;
    this.renderCard();
    this.renderAbout();
    this.card.querySelector("#edit")?.focus();
  }

  async renderForm(detail) {
    let orgs = [];
    try {
      orgs = await api.organizations.names();
    } catch (err) {
      toastError(err);
    }
    if (this.disposed) return;
    this.controls = {
      fullName: input("text", { required: true, "aria-required": "true" }),
      role: input(),
      organization: input("text", { list: "organizations" }),
      industry: input(),
      location: input(),
      emails: input("text", { inputmode: "email" }),
      phone: input("tel"),
      phoneExt: input("text", { inputmode: "numeric" }),
      workAddress: textarea(2),
      profileUrl: input("url", { placeholder: "https://www.linkedin.com/in/…" }),
      stage: select(this.vocab.stages),
      source: select(this.vocab.sources, { blank: "—" }),
      referredBy: input("text", { list: "referrers", placeholder: "Type a name" }),
      checkinMonths: input("number", { min: 1, max: 60, placeholder: "Default", inputmode: "numeric" }),
      checkinPaused: h("input", { type: "checkbox" }),
      tags: input(),
      inCommon: textarea(2),
      notes: textarea(4),
    };
    const k = this.controls;
    k.referredBy.addEventListener("input", debounce(() => this.suggestReferrers(), 80));
    this.status = h("span", { class: "status", "aria-live": "polite" });
    const isNew = this.id === null;
    const form = h("form", { class: "card", id: "contact-form", novalidate: true,
      onsubmit: (e) => { e.preventDefault(); this.save(); },
      oninput: () => this.updateStatus(), onchange: () => this.updateStatus() },
      h("fieldset", {},
        h("legend", {}, "Person"),
        field("fullName", "Full name", k.fullName, { wide: true }),
        h("div", { class: "grid2" },
          field("role", "Role or title", k.role),
          field("organization", "Organization", k.organization),
          field("industry", "Industry", k.industry),
          field("location", "Location", k.location))),
      h("fieldset", {},
        h("legend", {}, "Reaching them"),
        field("emails", "Email", k.emails, { help: "Separate several with commas." }),
        h("div", { class: "grid3" },
          field("phone", "Phone", k.phone),
          field("phoneExt", "Extension", k.phoneExt)),
        field("workAddress", "Work address", k.workAddress),
        field("profileUrl", "Profile link", k.profileUrl)),
      h("fieldset", {},
        h("legend", {}, "Relationship"),
        h("div", { class: "grid2" },
          field("stage", "Stage", k.stage),
          field("source", "Found through", k.source)),
        field("referredBy", "Referred by", k.referredBy),
        field("tags", "Tags", k.tags, { help: "Separate with commas." }),
        field("inCommon", "Things in common", k.inCommon, { help: "A school, a city, a past employer." }),
        field("notes", "Notes", k.notes)),
      h("fieldset", {},
        h("legend", {}, "Staying in touch"),
        h("div", { class: "grid2" },
          field("checkinMonths", "Check in every (months)", k.checkinMonths,
            { help: "Blank follows Settings. Counted from the last interaction." }),
          h("div", { class: "field checkbox" },
            h("label", {}, k.checkinPaused, " Pause check-ins")))),
      h("datalist", { id: "organizations" }, orgs.map((name) => h("option", { value: name }))),
      h("datalist", { id: "referrers" }),
      h("div", { class: "formbar" }, this.status,
        isNew ? null : h("button", { class: "btn quiet", type: "button", id: "cancel-edit", onclick: () => this.cancelEdit() },
          "Cancel ", h("kbd", {}, "Esc")),
        h("button", { class: "btn primary", type: "submit", id: "save" },
          isNew ? "Add contact" : "Save", " ", h("kbd", {}, "Ctrl S"))));
    this.form = form;
    mount(this.editArea,
      isNew ? null : h("header", { class: "pagehead" },
        h("div", { class: "titles" }, h("h1", { id: "editing" }, "Edit ", bdi(detail.contact.fullName)))),
      form);
    this.fill(detail);
    this.snapshot = JSON.stringify(this.read().input);
    this.updateStatus();
    if (isNew) k.fullName.focus();
  }

  fill(detail) {
    const k = this.controls;
    const c = detail?.contact;
    for (const name of TEXT_FIELDS) k[name].value = c ? c[name] : "";
    k.emails.value = c ? c.emails.join(", ") : "";
    k.tags.value = c ? c.tags.join(", ") : "";
    k.stage.value = c ? c.stage : "to_contact";
    k.source.value = c?.source ?? "";
    if (!c && this.preset) {
      k.organization.value = this.preset.organization ?? "";
      if (this.vocab.sources.some((s) => s.value === this.preset.source)) k.source.value = this.preset.source;
    }
    k.checkinMonths.value = c?.checkinMonths ?? "";
    k.checkinPaused.checked = Boolean(c?.checkinPaused);
    this.referrers.clear();
    if (detail?.referredBy) {
      const label = refLabel(detail.referredBy);
      this.referrers.set(label, detail.referredBy.id);
      k.referredBy.value = label;
    } else {
      k.referredBy.value = "";
    }
  }

  /** The form as the app's input, plus problems found before asking the app. */
  read() {
    const k = this.controls;
    const value = {};
    for (const name of TEXT_FIELDS) value[name] = k[name].value;
    value.emails = splitList(k.emails.value);
    value.tags = splitList(k.tags.value);
    value.stage = k.stage.value;
    value.source = k.source.value || null;
    value.checkinMonths = k.checkinMonths.value === "" ? null : Number(k.checkinMonths.value);
    value.checkinPaused = k.checkinPaused.checked;
    const problems = [];
    if (value.checkinMonths !== null && !Number.isInteger(value.checkinMonths)) {
      problems.push({ field: "checkinMonths", message: "Give a whole number of months, or leave it blank." });
    }
    const referrer = k.referredBy.value.trim();
    value.referredById = referrer ? (this.referrers.get(referrer) ?? null) : null;
    if (referrer && value.referredById === null) {
      problems.push({ field: "referredBy", message: "Choose the person who referred them from the suggestions." });
    }
    return { input: value, problems };
  }

  get dirty() {
    return this.controls !== undefined && JSON.stringify(this.read().input) !== this.snapshot;
  }

  updateStatus() {
    if (this.status) this.status.textContent = this.dirty ? "Unsaved changes" : "";
  }

  async suggestReferrers() {
    const text = this.controls.referredBy.value.trim();
    if (!text || this.referrers.has(text)) return;
    try {
      const { items } = await api.contacts.list({ text, limit: 12 });
      const list = this.form.querySelector("#referrers");
      const options = items.filter((r) => r.id !== this.id);
      for (const r of options) this.referrers.set(refLabel(r), r.id);
      mount(list, options.map((r) => h("option", { value: refLabel(r) })));
    } catch (err) {
      toastError(err);
    }
  }

  async save() {
    if (!this.controls) return false;
    const { input: value, problems } = this.read();
    if (problems.length) {
      showErrors(this.form, IDS, problems);
      return false;
    }
    try {
      const saved = this.id === null
        ? await api.contacts.create(value)
        : await api.contacts.update(this.id, value);
      showErrors(this.form, IDS, []);
      this.snapshot = JSON.stringify(this.read().input);
      this.updateStatus();
      if (this.id === null) {
        toast(`Added ${isolate(saved.fullName)}`);
        location.hash = `#/contacts/${saved.id}`;
      } else {
        this.detail = await api.contacts.get(this.id);
        if (this.disposed) return true;
        this.closeEditor();
        this.renderTimeline();
        toast("Saved");
      }
      return true;
    } catch (err) {
      if (err.kind === "invalid") showErrors(this.form, IDS, err.fields);
      else toastError(err);
      return false;
    }
  }

  nameForDialog() {
    return this.controls?.fullName.value.trim() || this.detail?.contact.fullName || "this contact";
  }

  /**
   * Words typed on this page that leaving would lose, as the question about them: edits to
   * the contact, advice not added or its form changed and not saved, an interview not yet
   * scheduled. (Notes typed in the log form are kept as they are typed.)
   */
  unsavedQuestion() {
    const name = () => isolate(this.nameForDialog());
    const typed = (el) => Boolean(el?.value.trim());
    if (this.dirty) return `You changed ${name()} and did not save. Discard the changes?`;
    if (typed(this.adviceAdd?.querySelector("input"))) return `The advice you typed for ${name()} is not added yet. Discard it?`;
    // An open form as it came (a guessed name, the note saved before) loses nothing.
    const open = this.adviceCard?.querySelector(".advice-item form");
    if ([...(open?.querySelectorAll("input") ?? [])].some((i) => i.value !== i.dataset.was)) {
      return open.classList.contains("acted-form")
        ? `What you did with ${name()}’s advice is not saved yet. Discard it?`
        : `The person ${name()}’s advice names is not added yet. Discard what you typed?`;
    }
    const scheduling = this.interviewsCard?.querySelector("#schedule-form");
    if ([...(scheduling?.querySelectorAll("input[type=text]") ?? [])].some(typed)) {
      return `The interview with ${name()} is not scheduled yet. Discard what you typed?`;
    }
    return null;
  }

  get unsaved() {
    return Boolean(this.unsavedQuestion());
  }

  async canLeave() {
    await this.flush();
    const question = this.disposed ? null : this.unsavedQuestion();
    if (!question) return true;
    return api.confirm(question, { title: "Unsaved changes", ok: "Discard", cancel: "Keep editing" });
  }

  async remove() {
    const name = this.detail.contact.fullName;
    try {
      const question = deleteQuestion(name, this.timelineCount ?? 0);
      if (!(await api.confirm(question, { title: "Delete contact", ok: "Delete" }))) return;
      await api.contacts.remove(this.id);
      this.dispose(); // nothing left to lose
      toast(`Deleted ${isolate(name)}`);
      location.hash = "#/contacts";
    } catch (err) {
      toastError(err);
    }
  }
}
