// One calm message at a time at the bottom of the window.

const el = () => document.getElementById("toast");
/** How long a message shows: long enough to read, and to reach its button when it has one. */
const PLAIN_MS = 3000;
const ACTION_MS = 8000;
const ERROR_MS = 8000;
let timer;
/** The showing message's time, started again after the pointer or focus leaves it. */
let shown = 0;
let held = false;
let undo = null;
/** What the showing message is about, when its caller named it (to take it back). */
let about = null;

/**
 * Shows `message`. An `action` ({label, run, shortcut}) becomes a button; with `undo` set,
 * Ctrl+Z runs it too while the message shows.
 */
export function toast(message, { error = false, action = null, sticky = false, undo: isUndo = false, duration = null, tag = null } = {}) {
  const box = el();
  if (!held) {
    holdWhileUsed(box);
    held = true;
  }
  undo = null;
  about = tag;
  box.replaceChildren(document.createTextNode(message));
  box.classList.toggle("error", error);
  box.setAttribute("role", error ? "alert" : "status");
  if (action) {
    const run = () => { hide(); action.run(); };
    const button = document.createElement("button");
    button.type = "button";
    button.id = "toast-action";
    button.textContent = action.label;
    if (action.shortcut) {
      const kbd = document.createElement("kbd");
      kbd.textContent = action.shortcut;
      button.append(" ", kbd);
    }
    button.addEventListener("click", run);
    box.append(button);
    if (isUndo) undo = run;
  }
  box.hidden = false;
  shown = sticky ? 0 : duration ?? (error ? ERROR_MS : action ? ACTION_MS : PLAIN_MS);
  keep();
}

/** Starts the showing message's time, unless the user is pointing at it or in it. */
function keep() {
  const box = el();
  clearTimeout(timer);
  if (box.hidden || !shown || box.matches(":hover") || box.contains(document.activeElement)) return;
  timer = setTimeout(hide, shown);
}

/** A message the user is pointing at or tabbed into stays until they leave it. */
function holdWhileUsed(box) {
  const hold = () => clearTimeout(timer);
  box.addEventListener("pointerenter", hold);
  box.addEventListener("focusin", hold);
  box.addEventListener("pointerleave", keep);
  // Once the focus has moved on: it may have moved within the message.
  box.addEventListener("focusout", () => setTimeout(keep));
}

function hide() {
  clearTimeout(timer);
  shown = 0;
  el().hidden = true;
  undo = null;
  about = null;
}

/** Takes back the message shown with `tag`, when it still shows: what it offered is done. */
export function dismiss(tag) {
  if (about === tag) hide();
}

/** Ctrl+Z outside a text field: takes back what the showing message offers to undo. */
export function undoLast() {
  if (!undo) return false;
  undo();
  return true;
}

/** Shows an error that belongs to no field. */
export function toastError(err) {
  toast(err?.message ?? String(err), { error: true });
}
