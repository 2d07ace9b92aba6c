// One calm message at a time at the bottom of the window.

const el = () => document.getElementById("toast");
let timer;
let undo = null;
/** What the showing message is about, when its caller named it (to take it back). */
let about = null;

/**
 * Shows `message`. An `action` ({label, run, shortcut}) becomes a button; with `undo` set,
 * Ctrl+Z runs it too while the message shows.
 */
export function toast(message, { error = false, action = null, sticky = false, undo: isUndo = false, duration = null, tag = null } = {}) {
  const box = el();
  clearTimeout(timer);
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
  if (!sticky) timer = setTimeout(hide, duration ?? (error ? 8000 : 3000));
}

function hide() {
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
