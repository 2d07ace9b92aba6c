// The reminder rules, editable; defaults come from the app.

import * as api from "../api.js";
import { h, mount, field as baseField, showErrors } from "../dom.js";
import { toast, toastError } from "../toast.js";
import { TemplatesCard } from "./templates.js";
import { SyncCard } from "./sync.js";

const IDS = { control: "s-", error: "serr-" };
const field = (name, label, control, help = "") => baseField(IDS, name, label, control, { help });

const number = (min, max) => h("input", { type: "number", min, max, step: 1, inputmode: "numeric" });
const time = () => h("input", { type: "time" });

export class SettingsView {
  /** `onApp(value)` hears of every saved change to how the app lives on the desktop. */
  constructor(onApp, vocab) {
    this.onApp = onApp;
    this.vocab = vocab;
    this.bankList = h("div", { class: "bank", id: "bank" });
    this.closeToTray = h("input", { type: "checkbox", id: "s-closeToTray", onchange: () => this.saveApp() });
    this.launchAtLogin = h("input", { type: "checkbox", id: "s-launchAtLogin", onchange: () => this.saveApp() });
    this.c = {
      followUpDays: number(1, 60),
      followUpRoutine: h("select", {},
        h("option", { value: "simple" }, "One reminder after the days above"),
        h("option", { value: "three_b_seven" }, "3B7: try someone else after 3 business days, follow up after 7")),
      thankYouOverdueHours: number(12, 168),
      checkInMonths: number(1, 24),
      beforeCallMinutes: number(5, 1440),
      quietStart: time(),
      quietEnd: time(),
      holidays: h("textarea", { rows: 4, placeholder: "2026-12-24\n2026-12-25" }),
    };
    const c = this.c;
    this.status = h("span", { class: "status", "aria-live": "polite" });
    this.form = h("form", { class: "card", id: "settings-form", novalidate: true,
      onsubmit: (e) => { e.preventDefault(); this.saveRules(); },
      oninput: () => { this.status.textContent = this.dirty ? "Unsaved changes" : ""; } },
      h("h2", {}, "Reminders"),
      h("div", { class: "grid2" },
        field("followUpDays", "Follow up unanswered messages after (days)", c.followUpDays),
        field("thankYouOverdueHours", "Thank-you notes are overdue after (hours)", c.thankYouOverdueHours)),
      field("followUpRoutine", "Follow-up routine", c.followUpRoutine),
      h("div", { class: "grid2" },
        field("checkInMonths", "Check in with people every (months)", c.checkInMonths,
          "Each contact can have its own cadence, or pause it."),
        field("beforeCallMinutes", "Remind me before a call (minutes)", c.beforeCallMinutes)),
      h("div", { class: "grid2" },
        field("quietStart", "Quiet hours from", c.quietStart),
        field("quietEnd", "until", c.quietEnd)),
      h("p", { class: "help" }, "During quiet hours notifications wait; reminders still show in Today at once."),
      field("holidays", "Holidays", c.holidays, "One date a line (YYYY-MM-DD). Business days skip weekends and these."),
      h("div", { class: "formbar" }, this.status,
        h("button", { class: "btn primary", type: "submit", id: "settings-save" }, "Save ", h("kbd", {}, "Ctrl S"))));
    const appCard = h("section", { class: "card", "aria-labelledby": "app-h" },
      h("h2", { id: "app-h" }, "On this computer"),
      h("div", { class: "field checkbox" }, h("label", {}, this.closeToTray,
        " Closing the window keeps Rapport running in the tray, so reminders still arrive")),
      h("div", { class: "field checkbox" }, h("label", {}, this.launchAtLogin,
        " Start Rapport in the tray when I log in")),
      h("p", { class: "error", id: "serr-app" }));
    const categories = vocab.questionCategories.filter((c) => c.value !== "own");
    const newCategory = h("select", { id: "bank-category", "aria-label": "Category" },
      categories.map((c) => h("option", { value: c.value }, c.label)));
    const newText = h("input", { type: "text", id: "bank-new", placeholder: "A question for the bank",
      onkeydown: (e) => { if (e.key === "Enter") { e.preventDefault(); this.addToBank(newCategory.value, newText); } } });
    const bankCard = h("section", { class: "card", "aria-labelledby": "bank-h" },
      h("h2", { id: "bank-h" }, "Question bank"),
      h("p", { class: "help" }, "Every prep can draw on these. Ticked ones start each new prep; the closing ones end every call."),
      this.bankList,
      h("div", { class: "grid3" }, newText, newCategory));
    this.root = h("div", { class: "page narrow" },
      h("header", { class: "pagehead" }, h("div", { class: "titles" }, h("h1", {}, "Settings"))),
      this.form, bankCard, (this.templatesCard = new TemplatesCard(vocab)).root,
      (this.syncCard = new SyncCard()).root, appCard);
    this.snapshot = "";
  }

  async refresh() {
    try {
      const [{ reminders, app }, bank] = await Promise.all([api.settings.get(), api.questionBank.list()]);
      this.fill(reminders);
      this.renderBank(bank);
      this.closeToTray.checked = app.closeToTray;
      this.launchAtLogin.checked = app.launchAtLogin;
      await Promise.all([this.templatesCard.refresh(), this.syncCard.refresh()]);
    } catch (err) {
      toastError(err);
    }
  }

  fill(r) {
    const c = this.c;
    for (const k of ["followUpDays", "thankYouOverdueHours", "checkInMonths", "beforeCallMinutes", "followUpRoutine"]) {
      c[k].value = String(r[k]);
    }
    c.quietStart.value = r.quietStart.slice(0, 5);
    c.quietEnd.value = r.quietEnd.slice(0, 5);
    c.holidays.value = r.holidays.join("\n");
    this.snapshot = JSON.stringify(this.read().value);
    this.status.textContent = "";
  }

  read() {
    const c = this.c;
    const problems = [];
    const int = (k) => {
      const n = Number(c[k].value);
      if (!Number.isInteger(n)) problems.push({ field: k, message: "Give a whole number." });
      return n;
    };
    const holidays = c.holidays.value.split(/\s+/).filter(Boolean);
    const bad = holidays.find((d) => !/^\d{4}-\d{2}-\d{2}$/.test(d) || Number.isNaN(Date.parse(d)));
    if (bad) problems.push({ field: "holidays", message: `“${bad}” is not a date like 2026-12-25.` });
    for (const k of ["quietStart", "quietEnd"]) {
      if (!c[k].value) problems.push({ field: k, message: "Give a time." });
    }
    const value = {
      followUpDays: int("followUpDays"),
      followUpRoutine: c.followUpRoutine.value,
      thankYouOverdueHours: int("thankYouOverdueHours"),
      checkInMonths: int("checkInMonths"),
      beforeCallMinutes: int("beforeCallMinutes"),
      quietStart: `${c.quietStart.value}:00`,
      quietEnd: `${c.quietEnd.value}:00`,
      holidays,
    };
    return { value, problems };
  }

  get dirty() {
    return this.snapshot !== "" && JSON.stringify(this.read().value) !== this.snapshot;
  }

  showErrors(problems) {
    showErrors(this.form, IDS, problems);
  }

  /** Ctrl+S: whatever has unsaved changes, the rules and the template shown. */
  async save() {
    const rules = this.dirty || !this.templatesCard.dirty ? await this.saveRules() : true;
    return rules && this.templatesCard.save();
  }

  async saveRules() {
    const { value, problems } = this.read();
    if (problems.length) {
      this.showErrors(problems);
      return false;
    }
    try {
      const saved = await api.settings.saveReminders(value);
      this.showErrors([]);
      this.fill(saved);
      toast("Settings saved");
      return true;
    } catch (err) {
      if (err.kind === "invalid") this.showErrors(err.fields);
      else toastError(err);
      return false;
    }
  }

  renderBank(bank) {
    const categories = this.vocab.questionCategories.filter((c) => c.value !== "own");
    mount(this.bankList, categories.map((c) => {
      const rows = bank.filter((q) => q.category === c.value);
      if (!rows.length) return null;
      return h("div", { class: "bank-group" },
        h("h3", {}, c.label),
        h("ul", { class: "questions" }, rows.map((q) => {
          const closing = q.category === "closing";
          const text = h("input", { type: "text", class: "qtext", "aria-label": "Question" });
          text.value = q.text;
          const starts = h("input", { type: "checkbox", "aria-label": "Start every prep with it", disabled: closing });
          starts.checked = q.suggested;
          const save = () => api.questionBank.edit(q.id, text.value, starts.checked).catch((err) => {
            toastError(err);
            text.value = q.text;
          });
          text.addEventListener("change", save);
          starts.addEventListener("change", save);
          return h("li", { class: "question bankq", dataset: { id: String(q.id) } },
            h("label", { class: "tick", title: "Start every prep with it" }, starts),
            text,
            h("button", { class: "btn small quiet", type: "button", "aria-label": "Remove from the bank",
              onclick: () => this.removeFromBank(q) }, "✕"));
        })));
    }));
  }

  async addToBank(category, input) {
    try {
      await api.questionBank.add(category, input.value);
      input.value = "";
      this.renderBank(await api.questionBank.list());
    } catch (err) {
      toastError(err);
    }
  }

  async removeFromBank(q) {
    try {
      if (!(await api.confirm(`Remove “${q.text}” from the question bank? Preps that already have it keep it.`,
        { title: "Remove question", ok: "Remove" }))) return;
      await api.questionBank.remove(q.id);
      this.renderBank(await api.questionBank.list());
    } catch (err) {
      toastError(err);
    }
  }

  /** Checkboxes take effect at once, like the OS's own settings. */
  async saveApp() {
    const error = this.root.querySelector("#serr-app");
    error.textContent = "";
    try {
      const saved = await api.settings.saveApp({
        closeToTray: this.closeToTray.checked,
        launchAtLogin: this.launchAtLogin.checked,
      });
      this.onApp(saved);
      toast("Saved");
    } catch (err) {
      error.textContent = err.message;
      this.launchAtLogin.checked = !this.launchAtLogin.checked;
    }
  }

  unsaved() {
    return this.dirty || this.templatesCard.dirty;
  }

  /** Before the window goes: the changes saved. */
  settle() {
    return this.save();
  }

  async canLeave() {
    if (!this.dirty && !this.templatesCard.dirty) return true;
    return api.confirm("Your settings changes are not saved. Discard them?", {
      title: "Unsaved changes", ok: "Discard", cancel: "Keep editing",
    });
  }
}
