// The contacts section: the searchable list beside the selected person's page.

import * as api from "../api.js";
import { h, mount, debounce } from "../dom.js";
import { formatDay, labelOf } from "../format.js";
import { toast, toastError } from "../toast.js";
import { ContactPage } from "./contact.js";

/** Every row's height in CSS pixels, so that any row's place is known before it is drawn. */
const ROW = 60;
/** People asked for at a time as the list scrolls. */
const PAGE = 100;
/** Rows drawn beyond the visible ones, so a fast scroll does not show blanks. */
const OVERSCAN = 12;
/** What each drawn row shows, to tell a row that can stay from one to draw again. */
const rowShows = new WeakMap();

/** A tag as the store compares tags: A to Z in either case, any other letter as written. */
const foldCase = (tag) => tag.replace(/[A-Z]/g, (c) => c.toLowerCase());

const searchIcon = () => {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("width", "16");
  svg.setAttribute("height", "16");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("fill", "none");
  svg.setAttribute("stroke", "currentColor");
  svg.setAttribute("stroke-width", "2");
  svg.setAttribute("aria-hidden", "true");
  const circle = document.createElementNS(svg.namespaceURI, "circle");
  circle.setAttribute("cx", "11"); circle.setAttribute("cy", "11"); circle.setAttribute("r", "7");
  const line = document.createElementNS(svg.namespaceURI, "path");
  line.setAttribute("d", "m20 20-4-4");
  svg.append(circle, line);
  return svg;
};

export class ContactsView {
  constructor(vocab) {
    this.vocab = vocab;
    this.selected = null;
    this.requestSeq = 0;
    this.page = null;
    this.stale = false;

    this.search = h("input", {
      type: "search", id: "search", placeholder: "Search people, organizations, notes",
      "aria-label": "Search contacts", autocomplete: "off", spellcheck: "false",
      oninput: debounce(() => this.refresh({ tags: false }), 60),
      onkeydown: (e) => this.onSearchKey(e),
    });
    this.stage = h("select", { id: "filter-stage", "aria-label": "Filter by stage", onchange: () => this.refresh({ tags: false }) },
      h("option", { value: "" }, "Any stage"),
      vocab.stages.map((s) => h("option", { value: s.value }, s.label)));
    this.tag = h("select", { id: "filter-tag", "aria-label": "Filter by tag", onchange: () => this.refresh({ tags: false }) },
      h("option", { value: "" }, "Any tag"));
    this.sort = h("select", { id: "sort", "aria-label": "Sort", onchange: () => this.refresh({ tags: false }) },
      h("option", { value: "name" }, "By name"),
      h("option", { value: "last_interaction" }, "By last contact"));
    this.count = h("span", { id: "count" });
    this.exportShown = h("button", { class: "btn small quiet", type: "button", id: "export-shown", hidden: true,
      title: "Export the people this search shows, as vCard or CSV", onclick: () => this.exportQuery() }, "Export these…");
    // A window over the whole log: rows exist only where the page is scrolled to, and pages
    // of PAGE people are asked for as they come into view.
    this.list = h("ul", { class: "people", id: "people", "aria-label": "Contacts",
      onkeydown: (e) => this.onListKey(e), onfocusin: () => this.rove() });
    this.list.style.setProperty("--row", `${ROW}px`);
    window.addEventListener("scroll", () => { if (this.root.isConnected) this.onScroll(); }, { passive: true });
    this.pages = new Map();
    this.total = 0;
    this.detail = h("section", { class: "detailpane", id: "detail", "aria-label": "Contact" });
    this.appbar = document.querySelector(".appbar");

    this.tools = h("div", { class: "listtools" },
      h("div", { class: "search" }, searchIcon(), this.search),
      h("div", { class: "filters" }, this.stage, this.tag),
      h("div", { class: "listmeta" }, this.count, this.exportShown, this.sort,
        h("button", { class: "btn small quiet", type: "button", onclick: () => this.newContact() },
          "New contact ", h("kbd", {}, "N"))));
    this.root = h("div", { class: "split" },
      h("section", { class: "listpane", "aria-label": "Contact list" }, this.tools, this.list),
      this.detail);
  }

  /**
   * Shows the list and, beside it, the person `id`, a new-contact form ("new", with what
   * `preset` fills in), or nothing.
   */
  async show(selection, preset = null) {
    if (this.stale) {
      this.stale = false;
      this.refresh();
    }
    const previous = this.selected;
    this.selected = selection;
    const [listWasShown, y] = [this.list.offsetParent !== null, scrollY];
    this.root.classList.toggle("showing-detail", selection !== null);
    // A narrow window shows the list or the person, each scrolling the page: the person
    // starts at their top, and the list comes back where it was left.
    const listShown = this.list.offsetParent !== null;
    if (listWasShown && !listShown) {
      this.listY = y;
      scrollTo(0, 0);
    } else if (!listWasShown && listShown) {
      scrollTo(0, this.listY ?? 0);
      this.renderRows();
    }
    this.markSelected();
    this.page?.dispose();
    this.page = null;
    // Another person starts at their top.
    if (selection !== previous) this.detail.scrollTop = 0;
    if (selection === null) {
      this.renderEmptyDetail();
      // Back from a person: the keyboard lands on their row, ready for ↑ ↓ and Enter.
      // A person just added may not be listed yet: their row takes the focus once drawn.
      const row = this.list.querySelector(`a.person[data-id="${previous}"]`);
      this.focusOnArrival = row ? null : previous;
      if (row) {
        row.focus({ preventScroll: true });
        this.reveal(Number(row.parentElement.dataset.index));
      }
      else if (this.detail.contains(document.activeElement)) this.root.parentElement?.focus({ preventScroll: true });
    } else {
      this.page = new ContactPage(this.detail, selection, this.vocab, preset);
      await this.page.ready;
    }
  }

  /** The data changed somewhere: what shows is asked for again; hidden, it waits till shown. */
  dataChanged(visible) {
    if (!visible) {
      this.stale = true;
      return;
    }
    this.refresh();
    this.page?.dataChanged();
  }

  /** Lists who matches; the tag menu is asked for again only when the data changed. */
  async refresh({ tags = true } = {}) {
    const seq = ++this.requestSeq;
    try {
      const query = {
        text: this.search.value,
        stage: this.stage.value || null,
        tag: this.tag.value || null,
        sort: this.sort.value,
      };
      const asked = (q) => q && JSON.stringify({ ...q, tag: q.tag && foldCase(q.tag) });
      const sameQuery = asked(query) === asked(this.query);
      // A new search starts at the top; the same one, after a change, stays where it was.
      const first = sameQuery ? this.pageAt(this.scrolled().top) : 0;
      const [result, tagList] = await Promise.all([
        api.contacts.list({ ...query, limit: PAGE, offset: first * PAGE }),
        tags ? api.contacts.tags() : null,
      ]);
      if (tagList) this.renderTags(tagList); // the tags in use, whatever was typed since
      if (seq !== this.requestSeq) return; // a newer keystroke already asked
      // The same rows for the same question are not redrawn: focus and pointer stay put.
      const shown = JSON.stringify([result, query, first]);
      if (shown === this.shown) return;
      this.shown = shown;
      this.pages = new Map([[first, result.items]]);
      if (!sameQuery && this.root.isConnected) window.scrollTo(0, 0);
      this.renderList(result, query);
    } catch (err) {
      toastError(err);
    }
  }

  pageAt(scrollTop) {
    return Math.floor(scrollTop / ROW / PAGE);
  }

  /**
   * How far down the list the page is scrolled, and how much of it shows: the page scrolls
   * the list under the app bar and its tools, which stay below the bar unless the window
   * is too short for them.
   */
  scrolled() {
    const under = Math.max(this.tools.getBoundingClientRect().bottom, this.appbar.getBoundingClientRect().bottom);
    return { top: Math.max(0, under - this.list.getBoundingClientRect().top), height: Math.max(0, innerHeight - under) };
  }

  /** The rows in view, and a few either side. */
  visibleRange() {
    const { top, height } = this.scrolled();
    const first = Math.max(0, Math.floor(top / ROW) - OVERSCAN);
    const last = Math.min(this.total, Math.ceil((top + height) / ROW) + OVERSCAN);
    return [first, last];
  }

  onScroll() {
    // A narrow window showing a person hides the list: the page is theirs.
    if (this.scrollFrame || !this.list.offsetParent) return;
    this.scrollFrame = requestAnimationFrame(() => {
      this.scrollFrame = null;
      this.renderRows();
      this.loadVisible();
    });
  }

  /** Asks for the pages in view that are not here yet; stale answers are dropped. */
  async loadVisible() {
    const [first, last] = this.visibleRange();
    const seq = this.requestSeq;
    for (let page = Math.floor(first / PAGE); page * PAGE < last; page++) {
      if (this.pages.has(page)) continue;
      this.pages.set(page, null); // asked for
      try {
        const result = await api.contacts.list({ ...this.query, limit: PAGE, offset: page * PAGE });
        if (seq !== this.requestSeq) return;
        this.pages.set(page, result.items);
        this.renderRows();
      } catch (err) {
        this.pages.delete(page);
        toastError(err);
        return;
      }
    }
  }

  /**
   * The menu names each tag once, spelled as its first holder has it; the tag chosen stays
   * chosen when that spelling changes, as the filter compares letter case the same way.
   */
  renderTags(tags) {
    const current = foldCase(this.tag.value);
    mount(this.tag, h("option", { value: "" }, "Any tag"), tags.map((t) => h("option", { value: t }, t)));
    this.tag.value = (current && tags.find((t) => foldCase(t) === current)) || "";
  }

  /** Exports whom the list shows for the current search, as the file name's type says. */
  async exportQuery() {
    try {
      const path = await api.chooseSavePath({
        title: "Export the people shown",
        defaultPath: "Rapport contacts.vcf",
        filters: [{ name: "vCard", extensions: ["vcf"] }, { name: "CSV", extensions: ["csv"] }],
      });
      if (!path) return;
      const format = /\.csv$/i.test(path) ? "csv" : "vcard";
      const written = await api.exchange.export(path, format, this.query);
      toast(`Exported ${written} ${written === 1 ? "person" : "people"}`);
    } catch (err) {
      toastError(err);
    }
  }

  renderList({ items, total }, query) {
    const filtered = query.text.trim() || query.stage || query.tag;
    this.query = query;
    this.total = total;
    this.exportShown.hidden = !filtered || total === 0;
    this.count.textContent = `${total.toLocaleString()} ${total === 1 ? "person" : "people"}`;
    this.list.setAttribute("aria-rowcount", String(total));
    if (total === 0 || (items.length === 0 && this.pages.size === 1 && this.pages.has(0))) {
      this.list.style.height = "";
      this.rendered = "";
      mount(this.list, h("li", { class: "empty" },
        filtered
          ? [h("h2", {}, "No one matches"), h("p", {}, "Try fewer letters, or clear the filters.")]
          : [h("h2", {}, "Your contact log is empty"),
             h("p", {}, "Add the first person you would like to talk to."),
             h("button", { class: "btn primary", type: "button", onclick: () => this.newContact() },
               "New contact ", h("kbd", {}, "N"))]));
      return;
    }
    this.list.style.height = `${total * ROW}px`;
    this.rendered = "";
    this.renderRows();
    this.loadVisible();
  }

  /**
   * Draws the rows in view from the pages at hand; rows still coming show as blank. A row
   * still in view that shows the same is kept as it is: a scroll adds and removes only the
   * rows at the edges, so the window repaints a strip rather than the whole list.
   */
  renderRows() {
    if (!this.total) return;
    const [first, last] = this.visibleRange();
    const key = `${first}:${last}:${[...this.pages.keys()].join(",")}:${[...this.pages.values()].filter(Boolean).length}`;
    // The same rows: only the Tab stop may move, to the first row in view.
    if (key === this.rendered) {
      this.rove();
      return;
    }
    this.rendered = key;
    const active = document.activeElement;
    const focused = active?.closest?.("#people li")?.dataset.index;
    const day = new Date().toDateString();
    const contactAt = (i) => this.pages.get(Math.floor(i / PAGE))?.[i % PAGE];
    const showing = (i) => {
      const c = contactAt(i);
      return JSON.stringify([this.total, day, c && [c.id, c.fullName, c.stage, c.role, c.organization, c.lastInteractionAt]]);
    };
    const kept = new Map();
    for (const li of [...this.list.children]) {
      const i = Number(li.dataset.index);
      if (i >= first && i < last && rowShows.get(li) === showing(i)) kept.set(i, li);
      else li.remove();
    }
    // Kept rows are in order; new ones go in between, so the order of focus follows the list.
    let next = this.list.firstElementChild;
    for (let i = first; i < last; i++) {
      const li = kept.get(i);
      if (li) {
        next = li.nextElementSibling;
        continue;
      }
      const row = this.row(contactAt(i), i);
      rowShows.set(row, showing(i));
      this.list.insertBefore(row, next);
    }
    this.markSelected();
    this.rove();
    if (focused !== undefined) {
      // The same person keeps the focus when someone added or renamed moved them.
      if (this.list.contains(active)) return;
      const again = (active.dataset.id && this.list.querySelector(`a.person[data-id="${active.dataset.id}"]`))
        || this.list.querySelector(`li[data-index="${focused}"] a.person`);
      again?.focus({ preventScroll: true });
    } else if (this.focusOnArrival != null) this.focusArrived();
  }

  /** Focuses the row awaited since Esc, unless the user has since moved the focus on. */
  focusArrived() {
    const active = document.activeElement;
    if (active !== document.body && active !== this.root.parentElement) {
      this.focusOnArrival = null;
      return;
    }
    const row = this.list.querySelector(`a.person[data-id="${this.focusOnArrival}"]`);
    if (!row) return;
    this.focusOnArrival = null;
    row.focus({ preventScroll: true });
  }

  row(c, index) {
    const place = { class: "row", dataset: { index: String(index) },
      "aria-posinset": String(index + 1), "aria-setsize": String(this.total) };
    // Through the CSSOM: the content security policy refuses style attributes.
    const at = (li) => { li.style.top = `${index * ROW}px`; return li; };
    if (!c) return at(h("li", { ...place, class: "row loading", "aria-busy": "true" }));
    const sub = [c.role, c.organization].filter(Boolean);
    return at(h("li", place,
      h("a", { class: "person", href: `#/contacts/${c.id}`, dataset: { id: String(c.id) } },
        h("bdi", { class: "name", title: c.fullName }, c.fullName),
        h("span", { class: `pill stage-${c.stage}` }, labelOf(this.vocab.stages, c.stage)),
        h("span", { class: "sub", title: sub.join(" · ") },
          sub.length ? sub.map((t, n) => [n ? " · " : "", h("bdi", {}, t)]) : "\u00a0"),
        h("span", { class: "when" }, c.lastInteractionAt ? formatDay(c.lastInteractionAt) : ""))));
  }

  /**
   * The list is one stop for Tab, not one per row drawn: the row with the focus, else the
   * person open if in view, else the first row in view takes it; ↑ ↓ move on from there.
   */
  rove() {
    const rows = [...this.list.querySelectorAll("a.person")];
    const { top, height } = this.scrolled();
    const [first, last] = [Math.ceil(top / ROW), Math.floor((top + height) / ROW) - 1];
    const shown = rows.filter((a) => {
      const at = Number(a.parentElement.dataset.index);
      return at >= first && at <= last;
    });
    const stop = rows.find((a) => a === document.activeElement)
      ?? shown.find((a) => a.dataset.id === String(this.selected))
      ?? shown[0] ?? rows[0];
    for (const a of rows) a.tabIndex = a === stop ? 0 : -1;
  }

  markSelected() {
    for (const a of this.list.querySelectorAll("a.person")) {
      if (a.dataset.id === String(this.selected)) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
    }
  }

  renderEmptyDetail() {
    mount(this.detail, h("div", { class: "empty" },
      h("img", { src: "icon.svg", alt: "", width: 56, height: 56 }),
      h("h2", {}, "Choose someone, or add a new person"),
      h("p", {}, "Everything you log stays on this computer."),
      h("dl", { class: "shortcuts" },
        h("dt", {}, h("kbd", {}, "/")), h("dd", {}, "Search"),
        h("dt", {}, h("kbd", {}, "N")), h("dd", {}, "New contact"),
        h("dt", {}, h("kbd", {}, "↑"), " ", h("kbd", {}, "↓")), h("dd", {}, "Move through the list"),
        h("dt", {}, h("kbd", {}, "L")), h("dd", {}, "Log an interaction"),
        h("dt", {}, h("kbd", {}, "Ctrl"), " ", h("kbd", {}, "S")), h("dd", {}, "Save"),
        h("dt", {}, h("kbd", {}, "Esc")), h("dd", {}, "Back"))));
  }

  focusSearch() {
    this.search.focus();
    this.search.select();
  }

  newContact() {
    location.hash = "#/contacts/new";
  }

  onSearchKey(e) {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      // The first row in view, wherever the list is scrolled to.
      if (this.total) this.focusRow(Math.min(this.total - 1, Math.ceil(this.scrolled().top / ROW)));
    } else if (e.key === "Enter") {
      this.list.querySelector("a.person")?.click();
    } else if (e.key === "Escape" && this.search.value) {
      e.stopPropagation();
      this.search.value = "";
      this.refresh({ tags: false });
    }
  }

  /** ↑ ↓ move through the whole list, Page Up/Down a screen, Home/End to either end. */
  onListKey(e) {
    const li = document.activeElement?.closest?.("#people li");
    if (!li || !["ArrowDown", "ArrowUp", "PageDown", "PageUp", "Home", "End"].includes(e.key)) return;
    e.preventDefault();
    const at = Number(li.dataset.index);
    const screen = Math.max(1, Math.floor(this.scrolled().height / ROW) - 1);
    const to = { ArrowDown: at + 1, ArrowUp: at - 1, PageDown: at + screen, PageUp: at - screen,
      Home: 0, End: this.total - 1 }[e.key];
    if (to < 0) {
      this.search.focus();
      return;
    }
    this.focusRow(Math.min(this.total - 1, to));
  }

  /** Scrolls row `index` into view and focuses it once its page is here. */
  async focusRow(index) {
    this.reveal(index);
    this.renderRows();
    await this.loadVisible();
    this.list.querySelector(`li[data-index="${index}"] a.person`)?.focus({ preventScroll: true });
  }

  /** Scrolls the page as little as shows row `index` whole below the list's tools. */
  reveal(index) {
    const { top, height } = this.scrolled();
    const at = index * ROW;
    if (at < top) scrollBy(0, at - top);
    else if (at + ROW > top + height) scrollBy(0, at + ROW - top - height);
  }

  /** Asks the open page whether it may be left (unsaved changes). */
  canLeave() {
    return this.page ? this.page.canLeave() : Promise.resolve(true);
  }

  /** Notes typed on the open page are kept as they are typed: at once, now. */
  flush() {
    return this.page?.flush();
  }

  /** Words typed on the open page and not saved or added. */
  unsaved() {
    return Boolean(this.page && !this.page.disposed && this.page.unsaved);
  }

  /** Before the window goes: edits saved, advice or an interview not yet added asked about. */
  async settle() {
    if (this.page.dirty && !(await this.page.save())) return false;
    return this.page.canLeave();
  }

  save() { this.page?.save(); }
  focusLog() { this.page?.focusLog(); }
  edit() { this.page?.edit(); }

  /** Esc on a person's page: out of Edit mode first, then back to the list. */
  async escape() {
    if (this.page?.editing && this.page.id !== null) {
      await this.page.cancelEdit();
      return;
    }
    location.hash = "#/contacts";
  }
}
