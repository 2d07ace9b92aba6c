// Charts drawn as SVG with DOM calls (the content policy allows no inline markup). Sizes
// are CSS pixels and widths percentages, so text keeps its size when the window is zoomed
// and bars follow the width. Colours come from the page's own variables (light and dark).
// Each chart is hidden from screen readers; its figure carries the same numbers as a table.

import { h } from "./dom.js";
import { isolate } from "./format.js";

const NS = "http://www.w3.org/2000/svg";

/** An SVG element: `s("rect", { x: 0, width: "50%" }, child…)`. */
function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== null && value !== undefined) el.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return el;
}

/** Text cut to `max` characters, with an ellipsis. */
const cut = (text, max) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** A figure: its caption, the drawing for the eye, and a table for screen readers. */
function figure(id, caption, svg, table) {
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  return h("figure", { class: "chart", id },
    h("figcaption", {}, caption),
    svg,
    table);
}

/** A table only screen readers see: a header row, then rows of cells. */
export function srTable(caption, head, rows) {
  return h("table", { class: "sr-only" },
    h("caption", {}, caption),
    h("thead", {}, h("tr", {}, head.map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, rows.map((r) => h("tr", {}, r.map((c, n) => (n ? h("td", {}, c) : h("th", { scope: "row" }, c)))))));
}

const ROW = 44;

/**
 * Horizontal bars, one row per item: its label, and its figures at the right end, above a
 * bar as long as `share` (0 to 1) of the width.
 */
export function bars(id, caption, items, { head }) {
  const height = Math.max(items.length, 1) * ROW;
  const svg = s("svg", { class: "bars", width: "100%", height },
    items.map((item, n) => {
      const y = n * ROW;
      const share = Math.max(0, Math.min(1, item.share));
      return s("g", { class: "row" },
        s("title", {}, `${isolate(item.label)}: ${item.figure}`),
        s("text", { x: 0, y: y + 15, class: "label" }, cut(item.label, 38)),
        s("text", { x: "100%", y: y + 15, class: "figure", "text-anchor": "end" }, item.figure),
        s("rect", { x: 0, y: y + 22, width: "100%", height: 12, rx: 3, class: "track" }),
        share > 0 ? s("rect", { x: 0, y: y + 22, width: `${(share * 100).toFixed(2)}%`, height: 12, rx: 3, class: "bar" }) : null);
    }));
  return figure(id, caption, svg, srTable(caption, head, items.map((i) => [i.label, ...i.cells])));
}

/** The funnel: each stage a centred bar as wide as its share of the first. */
export function funnel(id, caption, stages) {
  const first = stages[0]?.count || 0;
  const svg = s("svg", { class: "funnel", width: "100%", height: stages.length * ROW },
    stages.map((stage, n) => {
      const y = n * ROW;
      const share = first ? stage.count / first : 0;
      const width = stage.count ? Math.max(share * 100, 0.5) : 0;
      return s("g", { class: "row" },
        s("rect", { x: `${(100 - width) / 2}%`, y, width: `${width}%`, height: 36, rx: 4, class: `bar step-${n}` }),
        s("text", { x: "50%", y: y + 23, class: "inside", "text-anchor": "middle" }, stage.text));
    }));
  return figure(id, caption, svg, srTable(caption, ["Stage", "People", "Of those contacted"],
    stages.map((st) => [st.label, String(st.count), first ? `${Math.round((st.count / first) * 100)}%` : "—"])));
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Weeks as columns over time, a month's name under its first week. */
export function weekly(id, caption, weeks) {
  const tall = 120;
  const most = Math.max(1, ...weeks.map((w) => w.conversations));
  const step = 100 / Math.max(weeks.length, 1);
  let month = null;
  const columns = weeks.map((w, n) => {
    const [year, m, d] = w.week.split("-").map(Number);
    const height = (w.conversations / most) * tall;
    const x = n * step;
    // A month's first week carries its name (and January, the year).
    const starts = m !== month;
    month = m;
    return s("g", {},
      starts ? s("line", { x1: `${x}%`, x2: `${x}%`, y1: tall + 4, y2: tall + 20, class: "tick" }) : null,
      starts ? s("text", { x: `${x}%`, y: tall + 34, class: "axis month", "data-year": m === 1 ? "" : null }, m === 1 ? `${MONTHS[m - 1]} ${year}` : MONTHS[m - 1]) : null,
      w.conversations ? s("rect", { x: `${x + step * 0.15}%`, y: 16 + tall - height, width: `${step * 0.7}%`, height, rx: 2, class: "bar" },
        s("title", {}, `Week of ${d} ${MONTHS[m - 1]}: ${w.conversations}`)) : null);
  });
  const svg = s("svg", { class: "weekly", width: "100%", height: tall + 44 },
    s("text", { x: 0, y: 12, class: "axis" }, `${most} a week`),
    s("line", { x1: 0, x2: "100%", y1: 16, y2: 16, class: "grid" }),
    s("line", { x1: 0, x2: "100%", y1: 16 + tall, y2: 16 + tall, class: "base" }),
    columns);
  // Three years of months do not all fit under a narrow or zoomed chart: each time its
  // width changes, the names that would overlap one already shown are hidden. The watch
  // ends when the chart leaves the page after being on it (a redraw makes a new one).
  let placed = false;
  const resized = new ResizeObserver(() => {
    if (svg.isConnected) {
      placed = true;
      thinLabels(svg);
    } else if (placed) {
      resized.disconnect();
    }
  });
  resized.observe(svg);
  return figure(id, caption, svg, srTable(caption, ["Week of", "Conversations"],
    weeks.filter((w) => w.conversations).map((w) => {
      const [year, m, d] = w.week.split("-").map(Number);
      return [`${d} ${MONTHS[m - 1]} ${year}`, String(w.conversations)];
    })));
}

/** The gap kept between two month names, in CSS pixels. */
const LABEL_GAP = 8;

/** Shows the month names that fit side by side, those that name a year first. */
function thinLabels(svg) {
  const labels = [...svg.querySelectorAll("text.month")];
  labels.sort((a, b) => Number(b.hasAttribute("data-year")) - Number(a.hasAttribute("data-year")));
  const shown = [];
  for (const label of labels) {
    const { x, width } = label.getBBox();
    const fits = width > 0 && shown.every(([from, to]) => x + width + LABEL_GAP <= from || x >= to + LABEL_GAP);
    label.setAttribute("visibility", fits ? "visible" : "hidden");
    if (fits) shown.push([x, x + width]);
  }
}

const INDENT = 22;
const LINE = 28;

/**
 * Who referred whom, as an indented tree: each person a dot on their row, joined to the one
 * who referred them; a name links to the person, in reading order.
 */
export function tree(id, caption, roots, stageLabel) {
  const rows = [];
  const walk = (branch, depth, parentRow) => {
    const row = rows.length;
    rows.push({ branch, depth, parentRow });
    for (const child of branch.children) walk(child, depth + 1, row);
  };
  for (const root of roots) walk(root, 0, null);
  const svg = s("svg", { class: "tree", width: "100%", height: Math.max(rows.length, 1) * LINE + 4 },
    rows.map(({ branch, depth, parentRow }, n) => {
      const x = depth * INDENT + 8;
      const y = n * LINE + 16;
      const join = parentRow === null ? null : s("path", {
        class: "join",
        d: `M${(depth - 1) * INDENT + 8} ${parentRow * LINE + 16} V${y} H${x}`,
      });
      const more = branch.descendants ? ` · led to ${branch.descendants}` : "";
      const said = `${branch.fullName}, ${stageLabel(branch.stage)}${branch.descendants ? `, led to ${branch.descendants}` : ""}`;
      return s("g", {},
        join,
        s("circle", { cx: x, cy: y, r: 5, class: `node stage-${branch.stage}` }),
        s("a", { href: `#/contacts/${branch.id}`, "aria-label": said },
          // A right-to-left name keeps to itself: " · stage" stays after it.
          s("text", { x: x + 12, y: y + 5, class: "name" }, isolate(cut(branch.fullName, 40)),
            s("tspan", { class: "muted" }, ` · ${stageLabel(branch.stage)}${more}`))));
    }));
  // The links are the text a screen reader reads; the joins and dots are drawing.
  svg.setAttribute("role", "group");
  svg.setAttribute("aria-label", caption);
  return h("figure", { class: "chart", id }, h("figcaption", {}, caption), svg);
}
