// Builds DOM from data. User text only ever becomes text nodes, never markup.

/**
 * h("p", {class: "x", onclick: fn}, "text", child, [more, children])
 * Attributes starting with "on" become listeners; `false`/`null` attributes are left out.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith("on") && typeof value === "function") {
      el.addEventListener(name.slice(2), value);
    } else if (name === "dataset") {
      Object.assign(el.dataset, value);
    } else if (name in el && typeof value !== "string") {
      el[name] = value;
    } else {
      el.setAttribute(name, value === true ? "" : value);
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces everything inside `el`. */
export function mount(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/**
 * Waits for `ms` of quiet before calling `fn` with the latest arguments; `flush()` makes a
 * call still waiting now (a save typed a moment before the window closes).
 */
export function debounce(fn, ms) {
  let timer = null;
  let waiting = null;
  const later = (...args) => {
    clearTimeout(timer);
    waiting = args;
    timer = setTimeout(() => later.flush(), ms);
  };
  later.flush = () => {
    clearTimeout(timer);
    if (!waiting) return undefined;
    const args = waiting;
    waiting = null;
    return fn(...args);
  };
  return later;
}

/** True when a key press is meant for a text field, not a shortcut. */
export function isTyping(event) {
  const t = event.target;
  if (!(t instanceof HTMLElement)) return false;
  if (t instanceof HTMLInputElement) return !["checkbox", "radio", "button", "submit"].includes(t.type);
  return t.isContentEditable || ["TEXTAREA", "SELECT"].includes(t.tagName);
}

/**
 * A labelled control with a place for its error, wired for screen readers. `ids` names
 * the control `${ids.control}${name}` and its error `${ids.error}${name}`.
 */
export function field(ids, name, label, control, { help = "", wide = false } = {}) {
  control.id = `${ids.control}${name}`;
  control.name = name;
  const helpId = `${ids.error}help-${name}`;
  control.setAttribute("aria-describedby", `${ids.error}${name}${help ? ` ${helpId}` : ""}`);
  return h("div", { class: `field${wide ? " wide" : ""}` },
    h("label", { for: control.id }, label),
    control,
    h("p", { class: "error", id: `${ids.error}${name}` }),
    help ? h("p", { class: "help", id: helpId }, help) : null);
}

/**
 * Shows each problem ({field, message}) next to its field in `form`, clears the others,
 * and puts the focus on the first field to mend.
 */
export function showErrors(form, ids, problems) {
  for (const el of form.querySelectorAll(".error")) el.textContent = "";
  for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  for (const { field: name, message } of problems) {
    const err = form.querySelector(`#${CSS.escape(`${ids.error}${name}`)}`);
    if (err && !err.textContent) err.textContent = message;
    form.querySelector(`#${CSS.escape(`${ids.control}${name}`)}`)?.setAttribute("aria-invalid", "true");
  }
  form.querySelector("[aria-invalid='true']")?.focus();
}
