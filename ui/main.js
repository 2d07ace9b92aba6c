// Starts the window: routes, global shortcuts, and the guard against losing typed words.

import * as api from "./api.js";
import { isTyping } from "./dom.js";
import { toastError } from "./toast.js";
import { ContactsView } from "./views/contacts.js";

const viewRoot = document.getElementById("view");
let contacts;
let currentHash = "";
let reverting = false;

/** "#/contacts/12" → 12, "#/contacts/new" → "new", anything else → null. */
function selectionOf(hash) {
  const m = /^#\/contacts\/(new|\d+)$/.exec(hash);
  if (!m) return null;
  return m[1] === "new" ? "new" : Number(m[1]);
}

async function route() {
  if (reverting) { reverting = false; return; }
  const hash = location.hash || "#/contacts";
  if (currentHash && hash !== currentHash && !(await contacts.canLeave())) {
    reverting = true;
    location.hash = currentHash;
    return;
  }
  currentHash = hash;
  for (const a of document.querySelectorAll(".appnav a")) {
    if (hash.startsWith(`#/${a.dataset.section}`)) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  await contacts.show(selectionOf(hash));
}

function onKey(e) {
  const mod = e.ctrlKey || e.metaKey;
  if (mod && e.key.toLowerCase() === "s") {
    e.preventDefault();
    contacts.save();
    return;
  }
  if (e.key === "Escape") {
    if (document.activeElement?.closest("#detail") || selectionOf(location.hash) !== null) {
      e.preventDefault();
      location.hash = "#/contacts";
    }
    return;
  }
  if (mod || e.altKey || isTyping(e)) return;
  if (e.key === "/") {
    e.preventDefault();
    contacts.focusSearch();
  } else if (e.key === "n" || e.key === "N") {
    e.preventDefault();
    location.hash = "#/contacts/new";
  } else if (e.key === "l" || e.key === "L") {
    e.preventDefault();
    contacts.focusLog();
  }
}

/**
 * Closing the window saves unsaved edits (or stays open to show what is wrong), and asks
 * before dropping notes that were typed but not logged.
 */
async function guardClose() {
  const win = window.__TAURI__.window.getCurrentWindow();
  await win.onCloseRequested(async (event) => {
    const page = contacts.page;
    if (!page || page.disposed || !page.unsaved) return;
    event.preventDefault();
    if (page.dirty && !(await page.save())) return;
    if (await page.canLeave()) await win.destroy();
  });
}

// A blocked resource means a broken screen: say so where it can be seen and tested.
window.addEventListener("securitypolicyviolation", (e) => {
  console.error(`Blocked by the content security policy: ${e.violatedDirective} ${e.blockedURI}`);
  document.body.dataset.cspViolations = String(Number(document.body.dataset.cspViolations ?? 0) + 1);
});

async function start() {
  try {
    const vocab = await api.vocabulary();
    contacts = new ContactsView(viewRoot, vocab);
    window.addEventListener("hashchange", route);
    document.addEventListener("keydown", onKey);
    await guardClose();
    await Promise.all([contacts.refresh(), route()]);
    // Focus stays off the search box so single-key shortcuts work at once.
    viewRoot.focus();
    document.body.dataset.ready = "true";
  } catch (err) {
    toastError(err);
  }
}

start();
