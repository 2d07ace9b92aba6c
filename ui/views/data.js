// The user's data in and out: importing people from files, with a preview first.

import * as api from "../api.js";
import { h, mount } from "../dom.js";
import { toast, toastError } from "../toast.js";

/** How many preview rows are drawn at once; the counts always cover the whole file. */
const SHOWN = 300;

const FILTERS = [
  ["all", "All"],
  ["new", "New"],
  ["update", "Updated"],
  ["unchanged", "Unchanged"],
  ["skip", "Skipped"],
];

const SOURCES = {
  linkedin: {
    title: "LinkedIn connections",
    text: "Connections.csv, from the archive LinkedIn sends you (Settings › Data privacy › Get a copy of your data).",
    dialog: "Choose your LinkedIn Connections.csv",
    filters: [{ name: "LinkedIn export (CSV)", extensions: ["csv", "CSV"] }],
    key: "I",
  },
  vcard: {
    title: "Address book",
    text: "A vCard (.vcf) file, as Apple Contacts, Google Contacts or Outlook export it.",
    dialog: "Choose an address book (vCard)",
    filters: [{ name: "vCard", extensions: ["vcf", "VCF", "vcard"] }],
    key: "V",
  },
};

const EXPORTS = {
  vcard: {
    title: "Address book (vCard)",
    text: "Everyone as vCard 3.0, which Apple Contacts, Google Contacts and Outlook read.",
    dialog: "Export your contacts as vCard",
    file: "Rapport contacts.vcf",
    filters: [{ name: "vCard", extensions: ["vcf"] }],
  },
};

let current = null;

/** Previews `path` as if chosen in the dialog (the OS dialog is the usual way in). */
export function previewFile(path, format = "linkedin") {
  return current?.preview(path, format);
}

export class DataView {
  constructor() {
    current = this;
    this.pending = null;
    this.filter = "all";
    this.body = h("div", { class: "data-body", id: "data" });
    this.root = h("div", { class: "page narrow" },
      h("header", { class: "pagehead" }, h("div", { class: "titles" },
        h("h1", {}, "Your data"),
        h("p", { class: "sub" }, "Bring people in from other places. Nothing is added until you have seen what will change."))),
      this.body);
    api.onImportProgress((done, total) => this.showProgress(done, total));
  }

  async refresh() {
    if (!this.pending) this.renderChoices();
  }

  async canLeave() {
    if (this.pending && !this.importing) await this.discard();
    return !this.importing;
  }

  renderChoices() {
    mount(this.body,
      h("section", { class: "card", "aria-labelledby": "import-h" },
        h("h2", { id: "import-h" }, "Import"),
        Object.entries(SOURCES).map(([format, s]) => h("div", { class: "source" },
          h("div", {},
            h("h3", {}, s.title),
            h("p", { class: "help" }, s.text)),
          h("button", { class: "btn primary", type: "button", id: `import-${format}`, onclick: () => this.choose(format) },
            "Choose file… ", h("kbd", {}, s.key))))),
      h("section", { class: "card", "aria-labelledby": "export-h" },
        h("h2", { id: "export-h" }, "Export"),
        Object.entries(EXPORTS).map(([format, x]) => h("div", { class: "source" },
          h("div", {}, h("h3", {}, x.title), h("p", { class: "help" }, x.text)),
          h("button", { class: "btn", type: "button", id: `export-${format}`, onclick: () => this.exportTo(format) },
            "Export…")))));
  }

  async exportTo(format) {
    const x = EXPORTS[format];
    try {
      const path = await api.chooseSavePath({ title: x.dialog, defaultPath: x.file, filters: x.filters });
      if (!path) return;
      const written = await api.exchange.export(path, format);
      toast(`Exported ${written} ${written === 1 ? "person" : "people"}`);
    } catch (err) {
      toastError(err);
    }
  }

  async choose(format) {
    const s = SOURCES[format];
    try {
      const path = await api.chooseFile({ title: s.dialog, filters: s.filters });
      if (path) await this.preview(path, format);
    } catch (err) {
      toastError(err);
    }
  }

  async preview(path, format) {
    try {
      this.pending = await api.exchange.preview(path, format);
      this.filter = "all";
      this.renderPreview();
    } catch (err) {
      this.pending = null;
      this.renderChoices();
      this.showFileError(err);
    }
  }

  showFileError(err) {
    this.body.prepend(h("div", { class: "card problem", id: "import-error", role: "alert" },
      h("h2", {}, "This file cannot be imported"),
      h("p", {}, err.message),
      h("p", { class: "help" }, "Nothing was changed.")));
  }

  renderPreview() {
    const p = this.pending;
    const adding = p.new + p.updated;
    const counts = { all: p.rows.length, new: p.new, update: p.updated, unchanged: p.unchanged, skip: p.skipped };
    const rows = p.rows.filter((r) => this.filter === "all" || r.action === this.filter);
    this.progress = h("div", { class: "progress", id: "import-progress", hidden: true },
      h("progress", { max: 1, value: 0 }), h("span", {}));
    mount(this.body,
      h("section", { class: "card preview", id: "import-preview", "aria-labelledby": "preview-h" },
        h("h2", { id: "preview-h" }, "Importing ", h("bdi", {}, p.file)),
        h("p", { class: "summary", id: "preview-summary" },
          `${p.new} new · ${p.updated} updated · ${p.unchanged} unchanged · ${p.skipped} skipped`),
        h("div", { class: "chips", role: "group", "aria-label": "Show" }, FILTERS.map(([key, label]) =>
          h("button", { class: "chip", type: "button", "aria-pressed": String(this.filter === key),
            onclick: () => { this.filter = key; this.renderPreview(); } }, `${label} ${counts[key]}`))),
        h("table", { class: "preview-table" },
          h("thead", {}, h("tr", {}, h("th", {}, "Line"), h("th", {}, "Person"), h("th", {}, "What happens"))),
          h("tbody", { id: "preview-rows" }, rows.slice(0, SHOWN).map((r) => this.row(r)))),
        rows.length > SHOWN ? h("p", { class: "help" }, `Showing the first ${SHOWN} of ${rows.length}.`) : null,
        this.progress,
        h("div", { class: "formbar" },
          h("button", { class: "btn quiet", type: "button", id: "import-cancel", onclick: () => this.cancel() }, "Cancel ", h("kbd", {}, "Esc")),
          h("button", { class: "btn primary", type: "button", id: "import-commit", disabled: adding === 0,
            onclick: () => this.commit() },
          adding ? `Import ${adding} ${adding === 1 ? "person" : "people"}` : "Nothing to import", " ", h("kbd", {}, "Ctrl ↵")))));
  }

  row(r) {
    const label = { new: "New", update: "Updated", unchanged: "Already here, nothing new", skip: "Skipped" }[r.action];
    const detail = r.action === "update"
      ? h("ul", { class: "changes" }, r.changes.map((c) => h("li", {}, `${c.what}: `,
        c.from ? [h("bdi", { class: "was" }, c.from), " → "] : "", h("bdi", {}, c.to))))
      : r.action === "skip" ? h("p", {}, r.reason) : null;
    return h("tr", { class: `act-${r.action}` },
      h("td", { class: "line" }, String(r.line)),
      h("td", {}, h("bdi", { class: "who" }, r.name || "—"),
        r.role || r.organization ? h("div", { class: "meta" }, [r.role, r.organization].filter(Boolean).map((t, n) => [n ? " · " : "", h("bdi", {}, t)])) : null),
      h("td", {}, h("span", { class: `tag-${r.action}` }, label), detail,
        r.warnings.map((w) => h("p", { class: "warning" }, w))));
  }

  showProgress(done, total) {
    if (!this.progress) return;
    this.progress.hidden = false;
    const bar = this.progress.querySelector("progress");
    bar.max = total;
    bar.value = done;
    this.progress.querySelector("span").textContent = `Importing… ${done.toLocaleString()} of ${total.toLocaleString()}`;
  }

  async commit() {
    if (!this.pending || this.importing) return;
    this.importing = true;
    for (const b of this.body.querySelectorAll("button")) b.disabled = true;
    try {
      const done = await api.exchange.commit();
      this.pending = null;
      toast(`Imported: ${done.new} new, ${done.updated} updated`);
      mount(this.body,
        h("section", { class: "card", id: "import-done", role: "status" },
          h("h2", {}, "Imported"),
          h("p", {}, `${done.new} new, ${done.updated} updated, ${done.unchanged} already here, ${done.skipped} skipped.`),
          h("div", { class: "formbar" },
            h("button", { class: "btn", type: "button", onclick: () => this.renderChoices() }, "Import another file"),
            h("a", { class: "btn primary", href: "#/contacts" }, "See them in Contacts"))));
    } catch (err) {
      toastError(err);
      this.renderPreview();
    } finally {
      this.importing = false;
    }
  }

  async cancel() {
    await this.discard();
    this.renderChoices();
  }

  async discard() {
    this.pending = null;
    try {
      await api.exchange.discard();
    } catch (err) {
      toastError(err);
    }
  }

  /** I chooses a LinkedIn file, V an address book; with a preview, Ctrl+Enter imports and Esc cancels. */
  onKey(e) {
    if (this.pending && (e.ctrlKey || e.metaKey) && e.key === "Enter") {
      e.preventDefault();
      this.commit();
      return true;
    }
    if (this.pending && e.key === "Escape") {
      e.preventDefault();
      this.cancel();
      return true;
    }
    const format = Object.keys(SOURCES).find((f) => SOURCES[f].key.toLowerCase() === e.key.toLowerCase());
    if (!this.pending && !e.ctrlKey && !e.metaKey && !e.altKey && format) {
      e.preventDefault();
      this.choose(format);
      return true;
    }
    return false;
  }
}
