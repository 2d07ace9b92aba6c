// The user's data in and out: importing people from files, with a preview first.

import * as api from "../api.js";
import { h, mount } from "../dom.js";
import { isolate } from "../format.js";
import { toast, toastError } from "../toast.js";

/** How many preview rows are drawn at once; the counts always cover the whole file. */
const SHOWN = 300;

/** A count as the user's locale writes it: "8,000". */
const count = (n) => n.toLocaleString();

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
  csv: {
    title: "Spreadsheet",
    text: "Any list of people saved as CSV (Excel, Numbers, Google Sheets, Outlook). You say which column holds what.",
    dialog: "Choose a spreadsheet saved as CSV",
    filters: [{ name: "CSV", extensions: ["csv", "CSV", "txt"] }],
    key: "S",
  },
};

/** What a spreadsheet's column can hold, in the order the mapping menus offer it. */
const FIELDS = [
  ["ignore", "Leave out"],
  ["full_name", "Name"],
  ["first_name", "First name"],
  ["middle_name", "Middle name"],
  ["last_name", "Last name"],
  ["email", "Email"],
  ["organization", "Organization"],
  ["role", "Role"],
  ["phone", "Phone"],
  ["phone_ext", "Phone extension"],
  ["profile_url", "Profile link"],
  ["location", "Location"],
  ["work_address", "Work address"],
  ["industry", "Industry"],
  ["in_common", "In common"],
  ["tags", "Tags"],
  ["notes", "Notes"],
  ["source", "Source"],
  ["stage", "Stage"],
];

export const EXPORTS = {
  vcard: {
    title: "Address book (vCard)",
    text: "Everyone as vCard 3.0, which Apple Contacts, Google Contacts and Outlook read.",
    dialog: "Export your contacts as vCard",
    file: "Rapport contacts.vcf",
    filters: [{ name: "vCard", extensions: ["vcf"] }],
    counts: ["person", "people"],
  },
  csv: {
    title: "Spreadsheet (CSV)",
    text: "One row per person with every field, for Excel, Numbers or Google Sheets.",
    dialog: "Export your contacts as CSV",
    file: "Rapport contacts.csv",
    filters: [{ name: "CSV", extensions: ["csv"] }],
    counts: ["person", "people"],
  },
  ics: {
    title: "Calendar (.ics)",
    text: "Scheduled calls as events and open thank-yous, follow-ups and check-ins as to-dos, each with an alarm. Import it again later: items update, never double.",
    dialog: "Export calls and deadlines for your calendar",
    file: "Rapport calendar.ics",
    filters: [{ name: "iCalendar", extensions: ["ics"] }],
    counts: ["item", "items"],
  },
  json: {
    title: "Everything (JSON)",
    text: "The whole log (people, conversations, interviews and their prep, questions, settings) in one file that Rapport can restore.",
    dialog: "Export everything as JSON",
    file: "Rapport export.json",
    filters: [{ name: "JSON", extensions: ["json"] }],
    counts: ["person", "people"],
  },
};

/** Writes `format` to a file the user chooses; with `query`, only the people it shows. */
export async function exportTo(format, query = null) {
  const x = EXPORTS[format];
  try {
    const path = await api.chooseSavePath({ title: x.dialog, defaultPath: x.file, filters: x.filters });
    if (!path) return;
    const written = await api.exchange.export(path, format, query);
    toast(`Exported ${written} ${written === 1 ? x.counts[0] : x.counts[1]}`);
  } catch (err) {
    toastError(err);
  }
}

const BACKUP_FILTERS = [
  { name: "Rapport backup or export", extensions: ["db", "json"] },
];

function day(iso) {
  return new Date(`${iso}T12:00:00`).toLocaleDateString(undefined, { weekday: "short", day: "numeric", month: "short", year: "numeric" });
}

function size(bytes) {
  return bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

let current = null;

/** Previews `path` as if chosen in the dialog (the OS dialog is the usual way in). */
export function previewFile(path, format = "linkedin") {
  return current?.preview(path, format);
}

/** Restores from `path` as if chosen in the dialog, after the same question. */
export function restoreFile(path) {
  return current?.restore(path);
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
        h("p", { class: "sub" }, "Bring people in, take everything out, keep copies, clean up. Nothing is added until you have seen what will change."))),
      this.body);
    api.onImportProgress((done, total) => this.showProgress(done, total));
  }

  async refresh() {
    if (!this.pending && !this.busy) await this.renderChoices();
  }

  async canLeave() {
    if (this.pending && !this.importing) await this.discard();
    return !this.importing;
  }

  /** An import being written is not lost by closing: the window goes once it is in. */
  unsaved() {
    return Boolean(this.importing);
  }

  async settle() {
    if (!this.importing) return true;
    this.closing = true;
    this.progress?.querySelector(".closing")?.removeAttribute("hidden");
    await this.importing;
    return true;
  }

  async renderChoices() {
    this.mode = "choices";
    const copies = await api.backups.list().catch(() => []);
    if (this.pending || this.mode !== "choices") return;
    // The duplicate scan grows with the log: the page shows at once, the scan's card after.
    const found = h("div", {}, h("p", { class: "help" }, "Looking for people who appear twice…"));
    const duplicates = h("section", { class: "card", id: "duplicates-card", "aria-labelledby": "dup-h", "aria-busy": "true" },
      h("h2", { id: "dup-h" }, "Duplicates"), found);
    this.findDuplicates(duplicates, found);
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
          h("button", { class: "btn", type: "button", id: `export-${format}`, onclick: () => exportTo(format) },
            "Export…")))),
      h("section", { class: "card", id: "backups", "aria-labelledby": "backup-h" },
        h("h2", { id: "backup-h" }, "Backups"),
        h("div", { class: "source" },
          h("div", {},
            h("h3", {}, "Back up now"),
            h("p", { class: "help" }, "A complete copy of your log, to a file you choose (another disk, a synced folder). Rapport keeps working meanwhile.")),
          h("button", { class: "btn primary", type: "button", id: "backup-now", onclick: () => this.backupNow() },
            "Back up… ", h("kbd", {}, "B"))),
        h("div", { class: "source" },
          h("div", {},
            h("h3", {}, "Restore"),
            h("p", { class: "help" }, "Replace everything in Rapport with a backup or a JSON export. What is there now is kept as a safety copy first.")),
          h("button", { class: "btn", type: "button", id: "restore-file", onclick: () => this.chooseRestore() }, "Restore from file…")),
        h("div", { class: "source copies" },
          h("div", {},
            h("h3", {}, "Daily copies"),
            h("p", { class: "help" }, copies.length
              ? `Made each day Rapport runs; the last 7 are kept in the data folder.`
              : "The first one is made a couple of minutes after Rapport starts, then one each day it runs; the last 7 are kept."),
            copies.length ? h("ul", { class: "copy-list", id: "copies" }, copies.map((c) => h("li", {},
              h("span", {}, day(c.day)), h("span", { class: "meta" }, size(c.bytes)),
              h("button", { class: "btn quiet small", type: "button", onclick: () => this.restore(c.path, day(c.day)) }, "Restore…")))) : null))),
      duplicates);
  }

  /** What the scan found, in its card once it answers (if the card is still shown). */
  async findDuplicates(card, found) {
    let pairs, failed;
    try {
      pairs = await api.duplicates.list();
    } catch (err) {
      failed = err;
    }
    if (!card.isConnected) return;
    card.removeAttribute("aria-busy");
    if (failed) {
      mount(found, h("p", { class: "error", role: "alert" }, `Could not look for duplicates: ${failed.message}`));
      return;
    }
    mount(found,
      h("div", { class: "source" },
        h("div", {},
          h("h3", {}, pairs.length ? `${pairs.length.toLocaleString()} probable ${pairs.length === 1 ? "duplicate" : "duplicates"}` : "No duplicates"),
          h("p", { class: "help" }, pairs.length
            ? "Two records that seem to be one person: the same email or profile link, or the same (or a very similar) name at one organization."
            : "Nobody appears twice. Rapport looks again whenever you open this page.")),
        pairs.length ? h("button", { class: "btn", type: "button", id: "review-duplicates", onclick: () => this.renderDuplicates() },
          "Review… ", h("kbd", {}, "D")) : null));
  }

  async backupNow() {
    try {
      const stamp = new Date().toISOString().slice(0, 10);
      const path = await api.chooseSavePath({ title: "Back up Rapport", defaultPath: `Rapport backup ${stamp}.db`, filters: BACKUP_FILTERS.slice(0, 1).map((f) => ({ ...f, extensions: ["db"] })) });
      if (!path) return;
      this.busy = true;
      toast("Backing up…", { sticky: true });
      await api.backups.now(path);
      toast("Backed up");
    } catch (err) {
      toastError(err);
    } finally {
      this.busy = false;
    }
  }

  async chooseRestore() {
    try {
      const path = await api.chooseFile({ title: "Restore Rapport from a backup or export", filters: BACKUP_FILTERS });
      if (path) await this.restore(path);
    } catch (err) {
      toastError(err);
    }
  }

  async restore(path, when = null) {
    const name = path.split(/[\\/]/).pop();
    const question = when
      ? `Replace everything in Rapport with the copy of ${when}? Everything recorded since then is replaced; what is there now is kept as a safety copy.`
      : `Replace everything in Rapport with ${isolate(name)}? What is there now is kept as a safety copy.`;
    if (!(await api.confirm(question, { title: "Restore", ok: "Restore" }))) return;
    this.busy = true;
    toast("Restoring…", { sticky: true });
    try {
      const done = await api.backups.restore(path);
      this.busy = false;
      toast("Restored. The log as it was is kept in the backups folder.", { duration: 6000 });
      this.lastSafetyCopy = done.safetyCopy;
      this.renderChoices();
    } catch (err) {
      this.busy = false;
      toastError(err);
      await this.renderChoices();
      this.body.prepend(h("div", { class: "card problem", id: "restore-error", role: "alert" },
        h("h2", {}, "This file cannot be restored"),
        h("p", {}, err.message),
        h("p", { class: "help" }, "Nothing was changed.")));
    }
  }

  async renderDuplicates() {
    this.mode = "duplicates";
    let pairs;
    try {
      pairs = await api.duplicates.list();
    } catch (err) {
      toastError(err);
      return;
    }
    if (this.mode !== "duplicates") return;
    mount(this.body,
      h("section", { class: "card", id: "duplicates", "aria-labelledby": "dups-h" },
        h("h2", { id: "dups-h" }, "Probable duplicates ", h("span", { class: "count" }, String(pairs.length))),
        pairs.length === 0
          ? h("p", { class: "empty" }, "Nobody appears twice any more.")
          : h("ul", { class: "pair-list", id: "pairs" }, pairs.map((p) => h("li", { class: "pair" },
            h("div", { class: "pair-people" }, this.brief(p.a), h("span", { class: "pair-sep", "aria-hidden": "true" }, "⇄"), this.brief(p.b)),
            h("div", { class: "pair-foot" },
              h("span", { class: `reason reason-${p.reason}` }, p.because),
              h("div", { class: "pair-actions" },
                h("button", { class: "btn quiet small", type: "button", onclick: () => this.dismiss(p) }, "Not the same person"),
                h("button", { class: "btn small", type: "button", onclick: () => this.renderMerge(p) }, "Compare and merge…")))))),
        h("div", { class: "formbar" },
          h("button", { class: "btn quiet", type: "button", id: "duplicates-back", onclick: () => this.renderChoices() }, "Back ", h("kbd", {}, "Esc")))));
  }

  brief(c) {
    const talks = c.interactions ? `${c.interactions} ${c.interactions === 1 ? "interaction" : "interactions"}` : "no interactions";
    return h("div", { class: "brief" },
      h("a", { class: "who", href: `#/contacts/${c.id}` }, h("bdi", {}, c.fullName)),
      c.role || c.organization ? h("div", { class: "meta" }, [c.role, c.organization].filter(Boolean).map((t, n) => [n ? " · " : "", h("bdi", {}, t)])) : null,
      c.emails.length ? h("div", { class: "meta" }, h("bdi", {}, c.emails.join(", "))) : null,
      h("div", { class: "meta" }, talks));
  }

  async dismiss(p) {
    try {
      await api.duplicates.dismiss(p.a.id, p.b.id);
      toast("Set aside: they will not be offered again", {
        undo: true,
        action: { label: "Undo", shortcut: "Ctrl+Z", run: () => api.duplicates.undismiss(p.a.id, p.b.id).catch(toastError) },
      });
      this.renderDuplicates();
    } catch (err) {
      toastError(err);
    }
  }

  async renderMerge(pair) {
    // The record with more history stays, unless the user says otherwise.
    const [a, b] = pair.a.interactions >= pair.b.interactions ? [pair.a, pair.b] : [pair.b, pair.a];
    let diff;
    try {
      diff = await api.duplicates.compare(a.id, b.id);
    } catch (err) {
      toastError(err);
      return this.renderDuplicates();
    }
    this.mode = "merge";
    const picks = Object.fromEntries(diff.map((d) => [d.field, d.suggested]));
    const choice = (d, side, text) => h("label", { class: `pick${text ? "" : " blank"}` },
      h("input", { type: "radio", name: `pick-${d.field}`, value: side, checked: picks[d.field] === side,
        onchange: () => { picks[d.field] = side; } }),
      h("bdi", {}, text || "(blank)"));
    mount(this.body,
      h("section", { class: "card", id: "merge", "aria-labelledby": "merge-h" },
        h("h2", { id: "merge-h" }, "Merge into one person"),
        h("p", { class: "help" }, "Choose what to keep where the two differ. Emails, tags, interactions, interviews and referrals of both are kept."),
        diff.length === 0 ? h("p", {}, "The two records hold the same details.") :
          h("table", { class: "merge-table" },
            h("thead", {}, h("tr", {}, h("th", {}, ""), h("th", {}, "This record"), h("th", {}, "That record"))),
            h("tbody", {}, diff.map((d) => h("tr", {},
              h("th", { scope: "row" }, d.label),
              h("td", {}, choice(d, "a", d.a)),
              h("td", {}, choice(d, "b", d.b),
                d.joinable ? h("label", { class: "pick both" },
                  h("input", { type: "radio", name: `pick-${d.field}`, value: "both", onchange: () => { picks[d.field] = "both"; } }),
                  "Keep both") : null))))),
        h("div", { class: "formbar" },
          h("button", { class: "btn quiet", type: "button", id: "merge-cancel", onclick: () => this.renderDuplicates() }, "Cancel ", h("kbd", {}, "Esc")),
          h("button", { class: "btn primary", type: "button", id: "merge-commit", onclick: () => this.merge(a, b, picks) }, "Merge"))));
  }

  async merge(a, b, picks) {
    if (!(await api.confirm(`Merge ${isolate(a.fullName)} and ${isolate(b.fullName)} into one person? This cannot be undone.`, { title: "Merge", ok: "Merge" }))) return;
    try {
      const merged = await api.duplicates.merge(a.id, b.id, picks);
      toast(`Merged into ${merged.fullName}`);
      this.renderDuplicates();
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

  /**
   * One preview runs at a time: choices made while it runs are asked for as soon as it
   * answers, so a quick run of menu changes never loses one to an older answer, and what
   * Import commits is what the screen shows.
   */
  async preview(path, format, mapping = null) {
    this.fields = mapping;
    if (this.previewing) return;
    this.previewing = true;
    try {
      let asked;
      do {
        asked = this.fields && [...this.fields];
        this.pending = await api.exchange.preview(path, format, asked);
      } while (String(asked) !== String(this.fields));
      this.pending.path = path;
      this.pending.format = format;
      this.filter = "all";
      this.renderPreview();
      this.restoreFocus();
    } catch (err) {
      this.pending = null;
      await this.renderChoices();
      this.showFileError(err);
    } finally {
      this.previewing = false;
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
      h("progress", { max: 1, value: 0 }), h("span", {}),
      h("span", { class: "closing", hidden: !this.closing }, "Rapport closes once the import is written."));
    mount(this.body,
      h("section", { class: "card preview", id: "import-preview", "aria-labelledby": "preview-h" },
        h("h2", { id: "preview-h" }, "Importing ", h("bdi", {}, p.file)),
        p.columns ? this.mapping(p) : null,
        p.problem ? h("p", { class: "warning", id: "mapping-problem", role: "alert" }, p.problem) : null,
        p.problem ? null : [
        h("p", { class: "summary", id: "preview-summary" },
          `${count(p.new)} new · ${count(p.updated)} updated · ${count(p.unchanged)} unchanged · ${count(p.skipped)} skipped`),
        h("div", { class: "chips", role: "group", "aria-label": "Show" }, FILTERS.map(([key, label]) =>
          h("button", { class: "chip", type: "button", "aria-pressed": String(this.filter === key),
            onclick: () => { this.filter = key; this.renderPreview(); } }, `${label} ${count(counts[key])}`))),
        h("table", { class: "preview-table" },
          h("thead", {}, h("tr", {}, h("th", {}, "Line"), h("th", {}, "Person"), h("th", {}, "What happens"))),
          h("tbody", { id: "preview-rows" }, rows.slice(0, SHOWN).map((r) => this.row(r)))),
        rows.length > SHOWN ? h("p", { class: "help" }, `Showing the first ${SHOWN} of ${count(rows.length)}.`) : null],
        // Held at the window's foot: the button and the progress stay in sight over a long list.
        h("div", { class: "preview-actions" }, this.progress,
        h("div", { class: "formbar" },
          h("button", { class: "btn quiet", type: "button", id: "import-cancel", onclick: () => this.cancel() }, "Cancel ", h("kbd", {}, "Esc")),
          h("button", { class: "btn primary", type: "button", id: "import-commit", disabled: adding === 0,
            onclick: () => this.commit() },
          adding ? `Import ${count(adding)} ${adding === 1 ? "person" : "people"}` : "Nothing to import", " ", h("kbd", {}, "Ctrl ↵"))))));
  }

  /** Keeps the keyboard on the column menu the user just changed, across the redraw. */
  restoreFocus() {
    if (this.focusColumn == null) return;
    this.body.querySelector(`#mapping select[data-column="${this.focusColumn}"]`)?.focus();
    this.focusColumn = null;
  }

  /** The spreadsheet's columns, each with a few values and a menu of what it holds. */
  mapping(p) {
    return h("div", { class: "mapping", id: "mapping" },
      h("h3", {}, "Columns ", h("span", { class: "help" }, "— check what each one holds; the preview follows.")),
      h("table", { class: "mapping-table", id: "mapping-columns" },
        h("thead", {}, h("tr", {}, h("th", {}, "Column"), h("th", {}, "Holds"), h("th", {}, "For example"))),
        h("tbody", {}, p.columns.map((c, i) => h("tr", { class: c.field === "ignore" ? "ignored" : "" },
          h("td", {}, h("bdi", {}, c.header || `Column ${i + 1}`)),
          h("td", {}, h("select", { "aria-label": `What “${c.header}” holds`, "data-column": String(i),
            onchange: (e) => {
              const fields = this.fields ?? p.columns.map((c) => c.field);
              fields[i] = e.target.value;
              this.focusColumn = i;
              this.preview(p.path, p.format, fields);
            } },
          FIELDS.map(([value, label]) => h("option", { value, selected: value === c.field }, label)))),
          h("td", { class: "samples" }, c.samples.map((v) => h("div", { class: "sample" }, h("bdi", {}, v)))))))));
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
        r.role || r.organization ? h("div", { class: "meta" }, [r.role, r.organization].filter(Boolean).map((t, n) => [n ? " · " : "", h("bdi", {}, t)])) : null,
        r.emails.length ? h("div", { class: "meta" }, h("bdi", {}, r.emails.join(", "))) : null),
      h("td", {}, h("span", { class: `tag-${r.action}` }, label), detail,
        r.warnings.map((w) => h("p", { class: "warning" }, w))));
  }

  showProgress(done, total) {
    if (!this.progress) return;
    this.progress.hidden = false;
    const bar = this.progress.querySelector("progress");
    bar.max = total;
    bar.value = done;
    this.progress.querySelector("span:not(.closing)").textContent = `Importing… ${count(done)} of ${count(total)}`;
  }

  async commit() {
    if (!this.pending || this.importing || this.previewing) return;
    let written;
    this.importing = new Promise((done) => { written = done; });
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
      this.importing = null;
      written();
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

  /**
   * I chooses a LinkedIn file, V an address book, S a spreadsheet, B backs up, D reviews
   * duplicates; with a preview, Ctrl+Enter imports and Esc cancels.
   */
  onKey(e) {
    const plain = !e.ctrlKey && !e.metaKey && !e.altKey;
    if (this.mode === "merge" && e.key === "Escape") {
      e.preventDefault();
      this.renderDuplicates();
      return true;
    }
    if (this.mode === "duplicates" && e.key === "Escape") {
      e.preventDefault();
      this.renderChoices();
      return true;
    }
    if (!this.pending && this.mode === "choices" && plain && e.key.toLowerCase() === "b") {
      e.preventDefault();
      this.backupNow();
      return true;
    }
    if (!this.pending && this.mode === "choices" && plain && e.key.toLowerCase() === "d" && this.body.querySelector("#review-duplicates")) {
      e.preventDefault();
      this.renderDuplicates();
      return true;
    }
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
    if (!this.pending && this.mode === "choices" && plain && format) {
      e.preventDefault();
      this.choose(format);
      return true;
    }
    return false;
  }
}
