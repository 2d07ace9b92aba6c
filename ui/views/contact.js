// One person's page: every field editable, the interaction timeline, who referred whom.

import * as api from "../api.js";
import { h, mount, debounce, field as baseField, showErrors } from "../dom.js";
import { formatDateTime, labelOf, splitList, toLocalInput } from "../format.js";
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

export class ContactPage {
  constructor(pane, selection, vocab, { saved }) {
    this.pane = pane;
    this.vocab = vocab;
    this.onSaved = saved;
    this.id = selection === "new" ? null : Number(selection);
    this.referrers = new Map(); // label shown in the picker → contact id
    this.snapshot = "";
    this.disposed = false;
    this.ready = this.load();
  }

  dispose() { this.disposed = true; }

  async load() {
    try {
      const [detail, orgs] = await Promise.all([
        this.id === null ? null : api.contacts.get(this.id),
        api.organizations.list(),
      ]);
      if (this.disposed) return;
      this.render(detail, orgs);
    } catch (err) {
      if (this.disposed) return;
      if (err.kind === "not_found") {
        mount(this.pane, h("div", { class: "empty" },
          h("h2", {}, "This person is no longer in your log"),
          h("a", { href: "#/contacts" }, "Back to contacts")));
      } else {
        toastError(err);
      }
    }
  }

  render(detail, orgs) {
    const c = detail?.contact;
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

    this.title = h("h1", {}, c ? c.fullName : "New contact");
    this.subtitle = h("p", { class: "sub" });
    this.stagePill = h("span", { class: "pill" });
    this.status = h("span", { class: "status", "aria-live": "polite" });
    this.referredByLink = h("p", { class: "linkrow" });

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
        this.referredByLink,
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
      h("datalist", { id: "organizations" }, orgs.map((o) => h("option", { value: o.name }))),
      h("datalist", { id: "referrers" }),
      h("div", { class: "formbar" }, this.status,
        h("button", { class: "btn primary", type: "submit", id: "save" },
          this.id === null ? "Add contact" : "Save", " ", h("kbd", {}, "Ctrl S"))));
    this.form = form;

    const actions = h("div", { class: "actions" },
      this.id === null ? null
        : h("button", { class: "btn danger", type: "button", id: "delete", onclick: () => this.remove() }, "Delete…"));

    const side = detail ? this.renderSide(detail) : null;
    mount(this.pane, h("div", { class: "page" },
      h("header", { class: "pagehead" },
        h("div", { class: "titles" }, this.title, this.subtitle, h("div", {}, this.stagePill)),
        actions),
      h("div", { class: side ? "columns" : "columns single" }, form, side)));

    this.fill(detail);
    this.snapshot = JSON.stringify(this.read().input);
    this.updateHeader();
    this.updateStatus();
    if (this.id === null) k.fullName.focus();
  }

  fill(detail) {
    const k = this.controls;
    const c = detail?.contact;
    this.organizationId = c?.organizationId ?? null;
    this.savedOrganization = c?.organization ?? "";
    for (const name of TEXT_FIELDS) k[name].value = c ? c[name] : "";
    k.emails.value = c ? c.emails.join(", ") : "";
    k.tags.value = c ? c.tags.join(", ") : "";
    k.stage.value = c ? c.stage : "to_contact";
    k.source.value = c?.source ?? "";
    k.checkinMonths.value = c?.checkinMonths ?? "";
    k.checkinPaused.checked = Boolean(c?.checkinPaused);
    this.referrers.clear();
    if (detail?.referredBy) {
      const label = refLabel(detail.referredBy);
      this.referrers.set(label, detail.referredBy.id);
      k.referredBy.value = label;
      mount(this.referredByLink, "Open ",
        h("a", { href: `#/contacts/${detail.referredBy.id}`, id: "referred-by-link" }, detail.referredBy.fullName), " →");
    } else {
      k.referredBy.value = "";
      mount(this.referredByLink);
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
    this.status.textContent = this.dirty ? "Unsaved changes" : "";
  }

  updateHeader() {
    const k = this.controls;
    const name = k.fullName.value.trim();
    if (this.id !== null && name) this.title.textContent = name;
    const role = k.role.value.trim();
    const org = k.organization.value.trim();
    // The organization links to its page once saved under that name.
    const orgPart = org && this.organizationId && org === this.savedOrganization
      ? h("a", { href: `#/organizations/${this.organizationId}`, id: "organization-link" }, org)
      : org;
    mount(this.subtitle, role, role && orgPart ? " · " : "", orgPart);
    this.stagePill.className = `pill stage-${k.stage.value}`;
    this.stagePill.textContent = labelOf(this.vocab.stages, k.stage.value);
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

  showErrors(problems) {
    showErrors(this.form, IDS, problems);
  }

  async save() {
    if (!this.controls) return false;
    const { input: value, problems } = this.read();
    if (problems.length) {
      this.showErrors(problems);
      return false;
    }
    try {
      const saved = this.id === null
        ? await api.contacts.create(value)
        : await api.contacts.update(this.id, value);
      this.showErrors([]);
      this.snapshot = JSON.stringify(this.read().input);
      this.updateStatus();
      this.onSaved();
      if (this.id === null) {
        toast(`Added ${saved.fullName}`);
        location.hash = `#/contacts/${saved.id}`;
      } else {
        this.organizationId = saved.organizationId;
        this.savedOrganization = saved.organization;
        this.updateHeader();
        toast("Saved");
      }
      return true;
    } catch (err) {
      if (err.kind === "invalid") this.showErrors(err.fields);
      else toastError(err);
      return false;
    }
  }

  /** Unsaved words on this page: edits to the contact, or notes typed but not logged. */
  get unsaved() {
    return this.dirty || Boolean(this.log?.notes.value.trim());
  }

  async canLeave() {
    if (this.disposed || !this.unsaved) return true;
    const name = this.controls.fullName.value.trim() || "this contact";
    const what = this.dirty ? `You changed ${name} and did not save.` : `Your notes for ${name} are not logged yet.`;
    return api.confirm(`${what} Discard them?`, {
      title: "Unsaved changes", ok: "Discard", cancel: "Keep editing",
    });
  }

  async remove() {
    const name = this.controls.fullName.value.trim() || "this contact";
    const n = this.timelineCount ?? 0;
    const what = n ? ` and ${n === 1 ? "their interaction" : `their ${n} interactions`}` : "";
    try {
      if (!(await api.confirm(`Delete ${name}${what}? This cannot be undone.`, { title: "Delete contact", ok: "Delete" }))) return;
      await api.contacts.remove(this.id);
      this.dispose(); // nothing left to lose
      toast(`Deleted ${name}`);
      this.onSaved();
      location.hash = "#/contacts";
    } catch (err) {
      toastError(err);
    }
  }

  // The interaction log and the referral links, beside the form.

  renderSide(detail) {
    this.timeline = h("ol", { class: "timeline", id: "timeline", "aria-label": "Interactions, newest first" });
    this.timelineHeading = h("h2", { id: "timeline-h" }, "Timeline");
    this.referralsCard = h("section", { class: "card", "aria-label": "Referred" });
    this.interviewsCard = h("section", { class: "card", id: "interviews", "aria-label": "Interviews" });
    const side = h("div", { class: "side" },
      this.interviewsCard,
      this.renderLogForm(),
      h("section", { class: "card", "aria-labelledby": "timeline-h" }, this.timelineHeading, this.timeline),
      this.referralsCard);
    this.renderTimeline(detail);
    this.renderInterviews();
    return side;
  }

  async renderInterviews() {
    let list;
    try {
      list = await api.interviews.forContact(this.id);
    } catch (err) {
      toastError(err);
      return;
    }
    if (this.disposed) return;
    const v = this.vocab;
    mount(this.interviewsCard,
      h("h2", {}, "Interviews ", h("span", { class: "count" }, list.length ? String(list.length) : "")),
      list.length
        ? h("ul", { class: "reflist" }, list.map((i) => h("li", {},
          h("a", { href: `#/interviews/${i.id}` }, formatDateTime(i.scheduledAt)),
          ` · ${labelOf(v.interviewStatuses, i.status)}`,
          i.status === "scheduled" ? ` · prepared ${i.readiness.percent}%` : "")))
        : null,
      h("button", { class: "btn", type: "button", id: "schedule-interview", onclick: () => this.showScheduleForm() },
        "Schedule an interview"));
  }

  showScheduleForm() {
    const v = this.vocab;
    const when = h("input", { type: "datetime-local", id: "f-i-when" });
    const tomorrow = new Date(Date.now() + 86_400_000);
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
        this.onSaved();
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
    log.notes.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); this.logInteraction(); }
    });
    const labels = { channel: "Channel", direction: "Direction", outcome: "Outcome", occurredAt: "When", notes: "Notes" };
    const wire = (name, control, options) => field(`log-${name}`, labels[name], control, options);
    this.logForm = h("form", { class: "card log", id: "log-form", "aria-label": "Log an interaction", novalidate: true,
      onsubmit: (e) => { e.preventDefault(); this.logInteraction(); } },
      h("h2", {}, "Log an interaction ", h("kbd", {}, "L")),
      h("div", { class: "grid2" },
        wire("channel", log.channel), wire("direction", log.direction),
        wire("outcome", log.outcome, { wide: true })),
      // Notes before the date: the date defaults to now and its parts each take a Tab.
      wire("notes", log.notes),
      wire("occurredAt", log.occurredAt),
      h("div", { class: "formbar" },
        h("button", { class: "btn primary", type: "submit", id: "log-submit" }, "Log it ", h("kbd", {}, "Ctrl ↵"))));
    return this.logForm;
  }

  focusLog() { this.log?.channel.focus(); }

  async logInteraction() {
    const log = this.log;
    const when = new Date(log.occurredAt.value);
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
      if (logged.stage) {
        // The stage moved; keep the user's unsaved edits but not a stale stage.
        const snap = JSON.parse(this.snapshot);
        snap.stage = logged.stage;
        this.snapshot = JSON.stringify(snap);
        this.controls.stage.value = logged.stage;
        this.updateHeader();
        this.updateStatus();
      }
      log.notes.value = "";
      log.outcome.value = "";
      log.occurredAt.value = toLocalInput();
      toast(`Logged: ${labelOf(this.vocab.channels, logged.interaction.channel)}`);
      this.onSaved();
      this.renderTimeline(await api.contacts.get(this.id));
    } catch (err) {
      if (err.kind === "invalid") logErrors(err.fields);
      else toastError(err);
    }
  }

  renderTimeline(detail) {
    if (this.disposed) return;
    const v = this.vocab;
    const items = detail.interactions;
    this.timelineCount = items.length;
    mount(this.timelineHeading, "Timeline ", h("span", { class: "count" }, items.length ? `${items.length}` : ""));
    if (!items.length) {
      mount(this.timeline, h("li", { class: "muted" }, "Nothing logged yet. Each email, call or meeting you log appears here, newest first."));
    } else {
      mount(this.timeline, items.map((i) => h("li", { class: `event dir-${i.direction}`, dataset: { id: String(i.id) } },
        h("span", { class: "dot", "aria-hidden": "true" }),
        h("div", {},
          h("div", { class: "what" },
            h("strong", { class: "channel" }, i.purpose ? labelOf(v.purposes, i.purpose) : labelOf(v.channels, i.channel)),
            h("span", { class: "meta" }, [
              i.purpose ? labelOf(v.channels, i.channel) : null,
              labelOf(v.directions, i.direction),
              i.outcome ? labelOf(v.outcomes, i.outcome) : null,
            ].filter(Boolean).join(" · ")),
            h("span", { class: "tools" },
              h("button", { class: "btn small quiet", type: "button", "aria-label": "Delete this interaction",
                onclick: () => this.removeInteraction(i) }, "Delete"))),
          h("time", { class: "meta", datetime: i.occurredAt }, formatDateTime(i.occurredAt)),
          i.notes ? h("p", { class: "notes" }, i.notes) : null))));
    }
    const refs = detail.referrals;
    mount(this.referralsCard,
      h("h2", {}, "Referred ", h("span", { class: "count" }, refs.length ? `${refs.length}` : "")),
      refs.length
        ? h("ul", { class: "reflist", id: "referrals" }, refs.map((r) => h("li", {},
          h("a", { href: `#/contacts/${r.id}` }, r.fullName), r.organization ? ` — ${r.organization}` : "")))
        : h("p", { class: "muted" }, "When this person suggests someone else to talk to, add them with “Referred by” set, and they appear here."));
  }

  async removeInteraction(i) {
    const what = `${labelOf(this.vocab.channels, i.channel)} on ${formatDateTime(i.occurredAt)}`;
    try {
      if (!(await api.confirm(`Delete the ${what}? This cannot be undone.`, { title: "Delete interaction", ok: "Delete" }))) return;
      await api.interactions.remove(i.id);
      this.onSaved();
      this.renderTimeline(await api.contacts.get(this.id));
    } catch (err) {
      toastError(err);
    }
  }
}
