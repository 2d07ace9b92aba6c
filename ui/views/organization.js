// An organization: what the user knows about it, who works there, how it answers.

import * as api from "../api.js";
import { h, mount, field, showErrors } from "../dom.js";
import { labelOf } from "../format.js";
import { toast, toastError } from "../toast.js";

const IDS = { control: "o-", error: "oerr-" };

const FIELDS = [
  ["name", "Name"],
  ["industry", "Industry"],
  ["website", "Website"],
  ["location", "Location"],
];

export class OrganizationView {
  constructor(vocab) {
    this.vocab = vocab;
    this.root = h("div", { class: "org-root" });
    this.snapshot = "";
  }

  async show(id) {
    this.id = id;
    try {
      this.render(await api.organizations.get(id));
    } catch (err) {
      if (err.kind === "not_found") {
        mount(this.root, h("div", { class: "empty" }, h("h2", {}, "This organization is no longer here"),
          h("a", { href: "#/contacts" }, "Back to contacts")));
      } else {
        toastError(err);
      }
    }
  }

  render(page) {
    const o = page.organization;
    this.controls = {};
    const control = (name, el) => {
      el.value = o[name];
      this.controls[name] = el;
      return el;
    };
    this.title = h("h1", {}, h("bdi", {}, o.name));
    const rate = page.attempts ? Math.round((page.replies / page.attempts) * 100) : null;
    this.form = h("form", { class: "card", id: "org-form", novalidate: true, onsubmit: (e) => { e.preventDefault(); this.save(); } },
      h("div", { class: "grid2" }, FIELDS.map(([name, label]) =>
        field(IDS, name, label, control(name, h("input", { type: name === "website" ? "url" : "text" }))))),
      field(IDS, "notes", "Notes", control("notes", h("textarea", { rows: 4, placeholder: "Mission, values, products, recent news" }))),
      h("div", { class: "formbar" }, h("button", { class: "btn primary", type: "submit", id: "org-save" }, "Save ", h("kbd", {}, "Ctrl S"))));
    mount(this.root, h("div", { class: "page" },
      h("header", { class: "pagehead" }, h("div", { class: "titles" }, this.title,
        h("p", { class: "sub", id: "org-stats" },
          `${page.people.length} ${page.people.length === 1 ? "person" : "people"} · `,
          page.attempts
            ? `${page.replies} ${page.replies === 1 ? "answer" : "answers"} to ${page.attempts} ${page.attempts === 1 ? "attempt" : "attempts"} (${rate}%)`
            : "no outreach yet")),
      this.targetArea = h("div", { class: "actions" })),
      h("div", { class: "columns" }, this.form,
        h("section", { class: "card", id: "org-people", "aria-label": "People" },
          h("h2", {}, "People"),
          h("ul", { class: "reflist" }, page.people.map((p) => h("li", {},
            h("a", { href: `#/contacts/${p.id}` }, h("bdi", {}, p.fullName)),
            p.role ? [" — ", h("bdi", {}, p.role)] : "", " ",
            h("span", { class: `pill stage-${p.stage}` }, labelOf(this.vocab.stages, p.stage)))))))));
    this.renderTarget(page.target);
    this.snapshot = JSON.stringify(this.read());
  }

  renderTarget(on) {
    mount(this.targetArea, on
      ? [h("a", { href: "#/targets", class: "pill", id: "org-target" }, "A target"), " ",
        h("button", { class: "btn quiet", type: "button", id: "org-untarget", onclick: () => this.setTarget(false) }, "Remove from targets")]
      : h("button", { class: "btn", type: "button", id: "org-make-target", onclick: () => this.setTarget(true) }, "Make it a target"));
  }

  /** Marks it a target or takes it off the list; the page shows which. */
  async setTarget(on) {
    try {
      await (on ? api.targets.mark(this.id) : api.targets.unmark(this.id));
      toast(on ? "Added to your targets" : "Removed from your targets");
      this.renderTarget(on);
      document.getElementById(on ? "org-untarget" : "org-make-target")?.focus();
    } catch (err) {
      toastError(err);
    }
  }

  read() {
    return Object.fromEntries(Object.entries(this.controls).map(([k, c]) => [k, c.value]));
  }

  /** Saves the form; true when saved. */
  async save() {
    showErrors(this.form, IDS, []);
    try {
      const page = await api.organizations.update(this.id, this.read());
      this.render(page);
      toast("Saved");
      return true;
    } catch (err) {
      if (err.kind === "invalid") showErrors(this.form, IDS, err.fields);
      else toastError(err);
      return false;
    }
  }

  unsaved() {
    return Boolean(this.controls) && JSON.stringify(this.read()) !== this.snapshot;
  }

  /** Before the window goes: the changes saved. */
  settle() {
    return this.save();
  }

  async canLeave() {
    if (!this.unsaved()) return true;
    return api.confirm("Your changes to this organization are not saved. Discard them?", {
      title: "Unsaved changes", ok: "Discard", cancel: "Keep editing",
    });
  }
}
