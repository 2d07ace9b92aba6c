// The message templates in Settings: each editable, with the placeholders it may name,
// and a way back to Rapport's own text.

import * as api from "../api.js";
import { h } from "../dom.js";
import { toast, toastError } from "../toast.js";

const IDS = { subject: "tpl-subject", body: "tpl-body" };

export class TemplatesCard {
  constructor(vocab) {
    this.vocab = vocab;
    this.templates = [];
    this.kind = vocab.templates[0].value;
    this.snapshot = "";
    this.picker = h("select", { id: "tpl-kind", "aria-label": "Template", onchange: () => this.choose(this.picker.value) },
      vocab.templates.map((c) => h("option", { value: c.value }, c.label)));
    this.subject = h("input", { type: "text", id: IDS.subject, "aria-describedby": "tpl-err-subject", oninput: () => this.changed() });
    this.body = h("textarea", { id: IDS.body, rows: 14, spellcheck: true, "aria-describedby": "tpl-err-body",
      oninput: () => this.changed() });
    this.subjectField = h("div", { class: "field" },
      h("label", { for: IDS.subject }, "Subject"), this.subject, h("p", { class: "error", id: "tpl-err-subject" }));
    this.status = h("span", { class: "status", id: "tpl-status", "aria-live": "polite" });
    this.resetButton = h("button", { class: "btn quiet", type: "button", id: "tpl-reset", onclick: () => this.reset() },
      "Reset to Rapport's text");
    this.root = h("section", { class: "card templates-card", id: "templates", "aria-labelledby": "tpl-h" },
      h("h2", { id: "tpl-h" }, "Message templates"),
      h("p", { class: "help" }, "What “Write…” starts from. A placeholder in braces is filled from the person, ",
        "the log and My search; one with no value is left marked for you to fill in. ",
        "{?referrer}…{/referrer} is written only when there is a referrer."),
      h("div", { class: "field" }, this.picker),
      this.subjectField,
      h("div", { class: "field" },
        h("label", { for: IDS.body }, "Message"), this.body, h("p", { class: "error", id: "tpl-err-body" })),
      h("details", { class: "placeholders" },
        h("summary", {}, "Placeholders"),
        h("ul", { id: "tpl-placeholders" }, vocab.placeholders.map((p) => h("li", {},
          h("button", { class: "btn small quiet", type: "button", title: "Insert at the cursor",
            onclick: () => this.insert(`{${p.value}}`) }, h("code", {}, `{${p.value}}`)),
          ` ${p.label}`)))),
      h("div", { class: "formbar" }, this.status, this.resetButton,
        h("button", { class: "btn primary", type: "button", id: "tpl-save", onclick: () => this.save() },
          "Save template")));
  }

  async refresh() {
    try {
      this.templates = await api.templates.list();
      this.choose(this.kind, { asked: false });
    } catch (err) {
      toastError(err);
    }
  }

  current() {
    return this.templates.find((t) => t.kind === this.kind);
  }

  /** Shows another template; edits to this one are kept only if the user says so. */
  async choose(kind, { asked = true } = {}) {
    if (asked && this.dirty && !(await api.confirm("Switch templates? Your changes to this one are not saved.",
      { title: "Unsaved template", ok: "Discard changes", cancel: "Keep editing" }))) {
      this.picker.value = this.kind;
      return;
    }
    this.kind = kind;
    this.picker.value = kind;
    this.fill(this.current());
  }

  fill(t) {
    this.subject.value = t.subject;
    this.body.value = t.body;
    this.subjectField.hidden = t.kind === "phone_call";
    this.snapshot = this.value();
    this.showErrors([]);
    this.changed();
  }

  value() {
    return `${this.subject.value}\n${this.body.value}`;
  }

  get dirty() {
    return this.snapshot !== "" && this.value() !== this.snapshot;
  }

  changed() {
    const t = this.current();
    this.resetButton.disabled = !t?.edited && !this.dirty;
    this.status.textContent = this.dirty ? "Unsaved changes" : t?.edited ? "Your own text" : "Rapport's text";
  }

  insert(text) {
    const target = document.activeElement === this.subject ? this.subject : this.body;
    target.setRangeText(text, target.selectionStart, target.selectionEnd, "end");
    target.focus();
    this.changed();
  }

  showErrors(problems) {
    for (const name of ["subject", "body"]) {
      const found = problems.find((p) => p.field === name);
      this.root.querySelector(`#tpl-err-${name}`).textContent = found?.message ?? "";
      this[name].toggleAttribute("aria-invalid", Boolean(found));
    }
    this.root.querySelector("[aria-invalid]")?.focus();
  }

  replace(saved) {
    this.templates = this.templates.map((t) => (t.kind === saved.kind ? saved : t));
    this.fill(saved);
  }

  /** Saves the template shown; true when saved (or nothing to save). */
  async save() {
    if (!this.dirty) return true;
    try {
      this.replace(await api.templates.save(this.kind, this.subject.value, this.body.value));
      toast("Template saved");
      return true;
    } catch (err) {
      if (err.kind === "invalid") this.showErrors(err.fields);
      else toastError(err);
      return false;
    }
  }

  /** Back to Rapport's text; the user's own comes back with Undo. */
  async reset() {
    const before = this.current();
    const label = this.vocab.templates.find((c) => c.value === this.kind).label;
    if (!(await api.confirm(`Reset “${label}” to Rapport's text? Your own version will be replaced.`,
      { title: "Reset template", ok: "Reset", cancel: "Keep mine" }))) return;
    try {
      this.replace(await api.templates.reset(this.kind));
      if (before.edited) {
        toast(`“${label}” is Rapport's text again`, {
          undo: true,
          action: { label: "Undo", shortcut: "Ctrl Z", run: () => this.restore(before) },
        });
      }
    } catch (err) {
      toastError(err);
    }
  }

  async restore(t) {
    try {
      const saved = await api.templates.save(t.kind, t.subject, t.body);
      this.templates = this.templates.map((x) => (x.kind === saved.kind ? saved : x));
      if (this.kind === saved.kind) this.fill(saved);
      toast("Your text is back");
    } catch (err) {
      toastError(err);
    }
  }
}
