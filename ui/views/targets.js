// Whom to approach: "My search" (who the user is, what they look for) and the target
// organizations ranked the LAMP way, re-orderable by hand.

import * as api from "../api.js";
import { h, mount, field, showErrors } from "../dom.js";
import { labelOf, splitList } from "../format.js";
import { toast, toastError } from "../toast.js";

const IDS = { control: "ms-", error: "mserr-" };
const LISTS = ["interests", "roles", "locations"];
const LINES = ["name", "background", "standingDetail"];

/** Where the articles say to find someone at an organization. */
const FIND = [
  ["linkedin", "LinkedIn"],
  ["alumni_directory", "Alumni directory"],
  ["work_directory", "Work directory"],
  ["referral", "Ask a contact for a referral"],
];

const MOTIVATION = [
  [3, "3 · would love to work there"],
  [2, "2 · interested"],
  [1, "1 · curious"],
];

export class TargetsView {
  constructor(vocab) {
    this.vocab = vocab;
    this.root = h("div", { class: "page narrow targets-page" });
    this.editing = false;
    this.search = null;
    this.snapshot = "";
    this.list = [];
  }

  async refresh() {
    try {
      const [search, list, orgs] = await Promise.all([api.mySearch.get(), api.targets.list(), api.organizations.names()]);
      this.orgs = orgs;
      // What is being typed in My search stays as typed.
      if (!this.searchForm || !this.unsaved()) {
        this.search = search;
        this.editing = false;
      }
      this.list = list;
      this.render();
    } catch (err) {
      toastError(err);
    }
  }

  render() {
    const focused = document.activeElement?.id;
    const keepForm = this.searchForm && this.unsaved();
    if (!keepForm) this.renderSearch();
    const filled = Boolean(this.search?.name || this.search?.interests?.length);
    mount(this.root,
      h("header", { class: "pagehead" }, h("div", { class: "titles" },
        h("h1", {}, "Targets"),
        h("p", { class: "sub" }, "Whom to approach: who you are, and where you would like to talk to someone."))),
      filled && !this.editing && !keepForm ? this.renderSummary() : this.searchForm,
      this.renderTargets());
    if (focused) document.getElementById(focused)?.focus();
  }

  /** My search once filled: one line of what it says, and a way to edit it. */
  renderSummary() {
    const s = this.search;
    const standing = s.standing ? labelOf(this.vocab.standings, s.standing) : "";
    const parts = [
      s.name,
      [standing, s.standingDetail].filter(Boolean).join(", "),
      s.interests.join(", "),
      s.roles.join(", "),
      s.locations.join(", "),
    ].filter(Boolean);
    return h("section", { class: "card", id: "my-search-summary", "aria-labelledby": "my-search-title" },
      h("h2", { id: "my-search-title" }, "My search",
        h("button", { class: "btn small quiet", type: "button", id: "my-search-edit", onclick: () => {
          this.editing = true;
          this.render();
          this.controls.name.focus();
        } }, "Edit")),
      h("p", { class: "summary" }, h("bdi", {}, parts.join(" · "))),
      s.background ? h("p", { class: "help" }, h("bdi", {}, s.background)) : null);
  }

  renderSearch() {
    const s = this.search ?? {};
    const input = (name, attrs = {}) => h("input", { type: "text", ...attrs });
    const k = {
      name: input("name", { autocomplete: "name" }),
      background: input("background", { placeholder: "Supply-chain analyst, five years in retail" }),
      standing: h("select", {}, h("option", { value: "" }, "—"),
        this.vocab.standings.map((c) => h("option", { value: c.value }, c.label))),
      standingDetail: input("standingDetail", { placeholder: "graduating in June" }),
      interests: input("interests", { placeholder: "Logistics, urban planning" }),
      roles: input("roles", { placeholder: "Demand planner, analyst" }),
      locations: input("locations", { placeholder: "Chicago, remote" }),
    };
    for (const name of LINES) k[name].value = s[name] ?? "";
    for (const name of LISTS) k[name].value = (s[name] ?? []).join(", ");
    k.standing.value = s.standing ?? "";
    this.controls = k;
    this.searchForm = h("form", { class: "card", id: "my-search", novalidate: true, "aria-labelledby": "my-search-title",
      onsubmit: (e) => { e.preventDefault(); this.save(); }, oninput: () => this.updateStatus() },
    h("h2", { id: "my-search-title" }, "My search"),
    h("div", { class: "grid2" },
      field(IDS, "name", "Your name", k.name),
      field(IDS, "background", "You in one line", k.background),
      field(IDS, "standing", "Where you stand", k.standing),
      field(IDS, "standingDetail", "In a few words", k.standingDetail),
      field(IDS, "interests", "Fields or industries", k.interests, { help: "Separate with commas." }),
      field(IDS, "roles", "Roles", k.roles),
      field(IDS, "locations", "Places", k.locations)),
    h("div", { class: "formbar" },
      this.status = h("span", { class: "status", id: "my-search-status", "aria-live": "polite" }),
      h("button", { class: "btn primary", type: "submit", id: "my-search-save" }, "Save ", h("kbd", {}, "Ctrl S"))));
    this.snapshot = JSON.stringify(this.read());
    this.updateStatus();
  }

  read() {
    const k = this.controls;
    const value = {};
    for (const name of LINES) value[name] = k[name].value;
    for (const name of LISTS) value[name] = splitList(k[name].value);
    value.standing = k.standing.value || null;
    return value;
  }

  unsaved() {
    return Boolean(this.controls) && JSON.stringify(this.read()) !== this.snapshot;
  }

  updateStatus() {
    this.status.textContent = this.unsaved() ? "Not saved yet" : "";
  }

  async save() {
    showErrors(this.searchForm, IDS, []);
    try {
      this.search = await api.mySearch.save(this.read());
      this.editing = false;
      // Drawn again from what was saved, tidied.
      this.searchForm = null;
      this.render();
      toast("My search saved");
      return true;
    } catch (err) {
      if (err.kind === "invalid") showErrors(this.searchForm, IDS, err.fields);
      else toastError(err);
      return false;
    }
  }

  /** Before the window goes: My search saved. */
  settle() {
    return this.save();
  }

  async canLeave() {
    if (!this.unsaved()) return true;
    return api.confirm("Your changes to My search are not saved. Discard them?", {
      title: "Unsaved changes", ok: "Discard", cancel: "Keep editing",
    });
  }

  renderTargets() {
    const name = h("input", { type: "text", id: "target-name", list: "target-orgs", placeholder: "An organization you would like to know from inside",
      "aria-label": "Organization to add", autocomplete: "off" });
    const known = h("datalist", { id: "target-orgs" }, (this.orgs ?? []).map((org) => h("option", { value: org })));
    const add = h("form", { class: "addtarget", id: "target-add", onsubmit: async (e) => {
      e.preventDefault();
      if (!name.value.trim()) { name.focus(); return; }
      // A new organization joins the suggestions for the next one.
      const added = api.targets.add(name.value).then(async (list) => {
        this.orgs = await api.organizations.names();
        return list;
      });
      await this.apply(added, { focus: "target-name" });
    } }, name, known, h("button", { class: "btn", type: "submit" }, "Add target"));
    const placed = this.list.some((t) => t.placed);
    return h("section", { class: "card", id: "targets", "aria-labelledby": "targets-title" },
      h("h2", { id: "targets-title" }, "Target organizations ", h("span", { class: "count" }, String(this.list.length))),
      h("p", { class: "help" }, placed
        ? "In the order you placed them. "
        : "Where someone you know works first, then by your motivation, then by who is hiring. ",
      placed ? h("button", { class: "btn small quiet", type: "button", id: "targets-lamp", onclick: () => this.apply(api.targets.sortByLamp()) }, "Sort by advocacy, motivation, postings") : null),
      add,
      this.list.length
        ? h("ol", { class: "targets", id: "target-list" }, this.list.map((t, i) => this.row(t, i)))
        : h("div", { class: "empty small" }, h("p", {}, "No targets yet. Name a few organizations you are curious about: they need not be hiring.")));
  }

  row(t, i) {
    const id = (what) => `target-${t.id}-${what}`;
    const motivation = h("select", { id: id("motivation"), "aria-label": `Motivation for ${t.name}`,
      onchange: () => this.apply(api.targets.set(t.id, { motivation: Number(motivation.value), hiring: t.hiring }), { focus: id("motivation") }) },
    MOTIVATION.map(([v, label]) => h("option", { value: v, selected: v === t.motivation }, label)));
    const hiring = h("select", { id: id("hiring"), "aria-label": `Hiring at ${t.name}`,
      onchange: () => this.apply(api.targets.set(t.id, { motivation: t.motivation, hiring: hiring.value }), { focus: id("hiring") }) },
    this.vocab.hiring.map((c) => h("option", { value: c.value, selected: c.value === t.hiring }, c.label)));
    const a = t.advocate;
    const advocate = a
      ? h("p", { class: "advocate" }, `${labelOf(this.vocab.advocates, a.kind)}: `,
        h("a", { href: `#/contacts/${a.contactId}` }, h("bdi", {}, a.name)))
      : h("p", { class: "advocate none" }, "No one you know there yet");
    const progress = t.people
      ? h("p", { class: "progress" }, [
        `${t.people} ${t.people === 1 ? "person" : "people"}`,
        `${t.reachedOut} reached out`,
        `${t.replied} replied`,
        `${t.talked} talked`,
      ].join(" · "))
      : h("div", { class: "find" }, h("span", {}, "Find someone to talk to: "),
        FIND.map(([source, label]) => h("a", { class: "btn small", href: `#/contacts/new?${new URLSearchParams({ organization: t.name, source })}` }, label)));
    const move = (to) => this.apply(api.targets.move(t.id, to), { focus: [id(to < i ? "up" : "down"), id("name")] });
    return h("li", { class: "target", id: `target-${t.id}`, dataset: { id: String(t.id) },
      onkeydown: (e) => {
        if (!e.altKey || !["ArrowUp", "ArrowDown"].includes(e.key)) return;
        e.preventDefault();
        const to = e.key === "ArrowUp" ? i - 1 : i + 1;
        if (to >= 0 && to < this.list.length) move(to);
      } },
    h("span", { class: "rank", "aria-hidden": "true" }, String(i + 1)),
    h("div", { class: "what" },
      h("a", { class: "name", id: id("name"), href: `#/organizations/${t.id}` }, h("bdi", {}, t.name)),
      advocate, progress),
    h("div", { class: "controls" }, motivation, hiring,
      h("button", { class: "btn small quiet", type: "button", id: id("up"), disabled: i === 0, title: "Move up (Alt ↑)",
        "aria-label": `Move ${t.name} up`, onclick: () => move(i - 1) }, "↑"),
      h("button", { class: "btn small quiet", type: "button", id: id("down"), disabled: i === this.list.length - 1, title: "Move down (Alt ↓)",
        "aria-label": `Move ${t.name} down`, onclick: () => move(i + 1) }, "↓"),
      h("button", { class: "btn small quiet", type: "button", id: id("remove"), "aria-label": `No longer a target: ${t.name}`,
        onclick: () => this.remove(t) }, "Remove")));
  }

  async remove(t) {
    if (await this.apply(api.targets.unmark(t.id))) {
      toast(`${t.name} is no longer a target`, {
        action: { label: "Undo", shortcut: "Ctrl Z", run: () => this.apply(api.targets.mark(t.id)) },
        undo: true,
      });
    }
  }

  /** Runs a change to the targets and shows the list it answers with. */
  async apply(request, { focus = null } = {}) {
    try {
      this.list = await request;
      this.render();
      // The control used, or the next best one where it is now disabled.
      const el = [focus].flat().map((f) => f && document.getElementById(f)).find((e) => e && !e.disabled);
      el?.focus();
      return true;
    } catch (err) {
      toastError(err);
      return false;
    }
  }
}
