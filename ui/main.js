// Starts the window: routes, global shortcuts, and the guard against losing typed words.

import * as api from "./api.js";
import { debounce, isTyping, mount } from "./dom.js";
import { isolate, setDateStyle } from "./format.js";
import { dismiss, toast, toastError, undoLast } from "./toast.js";
import { TodayView } from "./views/today.js";

const viewRoot = document.getElementById("view");

// The app bar stays on top of a scrolling page: its height, for what scrolls into view.
const appbar = document.querySelector(".appbar");
new ResizeObserver(() => {
  document.documentElement.style.setProperty("--appbar-height", `${appbar.offsetHeight}px`);
}).observe(appbar);
const views = {};
let section = null;
let currentHash = "";
let reverting = false;
/** "/" was pressed before the list showed: the search field takes the focus once it does. */
let searchOnShow = false;

// A blocked resource means a broken screen: say so where it can be seen and tested.
window.addEventListener("securitypolicyviolation", (e) => {
  console.error(`Blocked by the content security policy: ${e.violatedDirective} ${e.blockedURI}`);
  document.body.dataset.cspViolations = String(Number(document.body.dataset.cspViolations ?? 0) + 1);
});

/** "#/contacts/12" → contacts, 12; "#/contacts/new" → contacts, "new"; "#/targets"; "#/insights"; "#/settings"; else today. */
function parse(hash) {
  const m = /^#\/contacts(?:\/(new|\d+))?(?:\?(.*))?$/.exec(hash);
  if (m) {
    const selection = m[1] === undefined ? null : m[1] === "new" ? "new" : Number(m[1]);
    // "#/contacts/new?organization=…&source=…": a new contact with those already filled in.
    const preset = selection === "new" && m[2] ? Object.fromEntries(new URLSearchParams(m[2])) : null;
    return { name: "contacts", selection, preset };
  }
  if (hash === "#/targets") return { name: "targets", selection: null };
  if (hash === "#/insights") return { name: "insights", selection: null };
  // "#/write/12?kind=thank_you": a message to a person from a template.
  const w = /^#\/write\/(\d+)(?:\?kind=([a-z_]+))?$/.exec(hash);
  if (w) return { name: "compose", selection: Number(w[1]), mode: w[2] ?? null };
  const i = /^#\/interviews\/(\d+)(\/call)?$/.exec(hash);
  if (i) return { name: "interview", selection: Number(i[1]), mode: i[2] ? "call" : "prep" };
  const o = /^#\/organizations\/(\d+)$/.exec(hash);
  if (o) return { name: "organization", selection: Number(o[1]) };
  if (hash === "#/settings") return { name: "settings", selection: null };
  if (hash === "#/data") return { name: "data", selection: null };
  return { name: "today", selection: null };
}

const current = () => views[section];

/** Resolves once what the window shows now has been painted (a hidden window paints no frames: then soon). */
const painted = () => new Promise((resolve) => {
  requestAnimationFrame(() => setTimeout(resolve));
  setTimeout(resolve, 200);
});

/** What the page was started with: settings' words and the date style. */
let vocab = null;
/** How sync stands, in the app bar; made after the first screen is drawn. */
let syncIndicator = null;

/** A screen filled before it first shows: it never appears empty and then shifts under the pointer. */
async function filled(view) {
  await view.refresh();
  return view;
}

/**
 * The screens other than Today, each made the first time it is asked for: a window that
 * stays on Today (or in the tray all day) never fetches, compiles or builds the others.
 * Those that `route` refreshes are made filled, so their first showing needs no refresh.
 */
const makers = {
  contacts: async () => filled(new (await import("./views/contacts.js")).ContactsView(vocab)),
  data: async () => filled(new (await import("./views/data.js")).DataView()),
  settings: async () => filled(new (await import("./views/settings.js")).SettingsView((value) => { appSettings = value; }, vocab)),
  interview: async () => new (await import("./views/interview.js")).InterviewView(vocab),
  organization: async () => new (await import("./views/organization.js")).OrganizationView(vocab),
  targets: async () => filled(new (await import("./views/targets.js")).TargetsView(vocab)),
  compose: async () => new (await import("./views/compose.js")).ComposeView(vocab),
  insights: async () => filled(new (await import("./views/insights.js")).InsightsView(vocab)),
};
const making = {};

/** The screen called `name`, made once (asked for twice at once, still once; tried again after a failure). */
function viewOf(name) {
  making[name] ??= makers[name]().then(
    (view) => { views[name] = view; return view; },
    (err) => { delete making[name]; throw err; });
  return making[name];
}

async function route() {
  if (reverting) { reverting = false; return; }
  const hash = location.hash || "#/today";
  // Another screen asked for: a "/" pressed before it no longer applies.
  if (parse(hash).name !== "contacts") searchOnShow = false;
  if (currentHash && hash !== currentHash && current() && !(await current().canLeave())) {
    reverting = true;
    location.hash = currentHash;
    return;
  }
  currentHash = hash;
  const { name, selection, mode, preset } = parse(hash);
  // The bar answers at once, while a screen shown for the first time is made and filled.
  const navSection = name === "organization" || name === "compose" ? "contacts" : name;
  for (const a of document.querySelectorAll(".appnav a")) {
    if (a.dataset.section === navSection) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  const made = !views[name];
  const view = views[name] ?? await viewOf(name);
  // Another screen was asked for while this one was being made: that one shows.
  if (hash !== currentHash) return;
  if (name !== section) {
    mount(viewRoot, view.root);
    window.scrollTo(0, 0);
    section = name;
  }
  if (name === "contacts") {
    await view.show(selection, preset);
    // Asked for before the list showed, even while the screen was still being made.
    if (searchOnShow && hash === currentHash) {
      searchOnShow = false;
      view.focusSearch();
    }
  }
  else if (name === "interview") await view.show(selection, mode);
  else if (name === "organization") await view.show(selection);
  else if (name === "compose") await view.show(selection, mode);
  else if (!made) await view.refresh();
}

function onKey(e) {
  const mod = e.ctrlKey || e.metaKey;
  if (section === "interview" && (mod || !isTyping(e)) && views.interview.onKey(e)) return;
  if (section === "data" && (mod || e.key === "Escape" || !isTyping(e)) && views.data.onKey(e)) return;
  if (section === "compose" && views.compose.onKey(e)) return;
  if (mod && e.key.toLowerCase() === "s") {
    e.preventDefault();
    current()?.save?.();
    return;
  }
  if (mod && e.key === ",") {
    e.preventDefault();
    location.hash = "#/settings";
    return;
  }
  // In a text field Ctrl+Z undoes typing; elsewhere it takes back what the message offers.
  if (mod && !e.shiftKey && e.key.toLowerCase() === "z" && !isTyping(e)) {
    if (undoLast()) e.preventDefault();
    return;
  }
  if (e.key === "Escape") {
    const here = parse(location.hash);
    if (section === "contacts" && here.selection !== null) {
      e.preventDefault();
      views.contacts.escape();
    } else if (section === "interview") {
      e.preventDefault();
      const contactId = views.interview.page?.interview.contactId;
      location.hash = here.mode === "call" ? `#/interviews/${here.selection}`
        : contactId ? `#/contacts/${contactId}` : "#/today";
    }
    return;
  }
  if (mod || e.altKey || isTyping(e)) return;
  const key = e.key.toLowerCase();
  if (e.key === "/") {
    e.preventDefault();
    if (section === "contacts") {
      views.contacts.focusSearch();
    } else {
      searchOnShow = true;
      location.hash = "#/contacts";
    }
  } else if (key === "n") {
    e.preventDefault();
    location.hash = "#/contacts/new";
  } else if (key === "l" && section === "contacts") {
    e.preventDefault();
    views.contacts.focusLog();
  } else if (key === "e" && section === "contacts") {
    e.preventDefault();
    views.contacts.edit();
  } else if (key === "w" && section === "contacts" && views.contacts.page?.id) {
    e.preventDefault();
    location.hash = `#/write/${views.contacts.page.id}`;
  } else if (key === "t" && !e.target.closest?.("li.reminder")) {
    e.preventDefault();
    location.hash = "#/today";
  } else if (key === "a" && section !== "targets") {
    e.preventDefault();
    location.hash = "#/targets";
  } else if (key === "i" && section !== "insights") {
    e.preventDefault();
    location.hash = "#/insights";
  } else if (key === "c" && section !== "contacts") {
    e.preventDefault();
    location.hash = "#/contacts";
  }
}

/** How the app lives on the desktop (close to tray, launch at login), from Settings. */
let appSettings = { closeToTray: true, launchAtLogin: false };

/**
 * Saves, or asks, before words typed on the screen shown would be lost: what saves as it
 * is typed (a prep, a call's notes) at once, then what the screen keeps unsaved, shown
 * first. True when it is safe to go; false leaves the window open and showing what is wrong.
 */
async function settleUnsaved(win) {
  const view = current();
  if (!view) return true;
  await view.flush?.();
  if (!view.unsaved?.()) return true;
  await win.show();
  return view.settle();
}

/**
 * Closing the window hides it to the tray, where nothing typed is lost and reminders keep
 * coming; with that setting off, and on Quit from the tray, unsaved words are saved first.
 */
async function guardClose() {
  const win = window.__TAURI__.window.getCurrentWindow();
  await win.onCloseRequested(async (event) => {
    event.preventDefault();
    if (appSettings.closeToTray) await win.hide();
    else if (await settleUnsaved(win)) await win.destroy();
  });
  await window.__TAURI__.event.listen("quit-requested", async () => {
    if (await settleUnsaved(win)) await api.quit();
  });
}

/** The count of due reminders beside "Today". */
function setBadge(count) {
  const badge = document.getElementById("due-count");
  badge.textContent = count ? String(count) : "";
  badge.hidden = !count;
}

/** The reminders changed: the badge follows, and so does Today when it shows. */
function showDueCount(count) {
  setBadge(count);
  if (section === "today" && !views.today.busy) views.today.refresh();
}

/** A call left running when Rapport last closed can be picked up where the time is now. */
function offerToResume(call) {
  const hash = call && `#/interviews/${call.id}/call`;
  if (!call || location.hash === hash) return;
  toast(`Your call with ${isolate(call.contactName)} is still running.`, {
    action: { label: "Resume", run: () => { location.hash = hash; } },
    sticky: true,
    tag: hash,
  });
  // Resumed another way (from Today or the prep): the offer is done.
  const resumed = () => {
    if (location.hash !== hash) return;
    dismiss(hash);
    window.removeEventListener("hashchange", resumed);
  };
  window.addEventListener("hashchange", resumed);
}

/** What the window shows follows every change to the data, wherever it was made. */
const dataChanged = debounce(() => {
  views.contacts?.dataChanged(section === "contacts");
}, 50);

/**
 * One call brings what the first screen needs; it is drawn before anything else is asked.
 * Then the listeners are registered, together rather than one after another, the tray icon
 * comes, and the other screens and the contact list load when first asked for.
 */
async function start() {
  try {
    const boot = await api.bootstrap();
    vocab = boot.vocabulary;
    setDateStyle(vocab.dateStyle);
    views.today = new TodayView(vocab);
    appSettings = boot.settings.app;
    setBadge(boot.today.dueNow);
    if (parse(location.hash).name === "today") views.today.preload(boot.today, boot.interviews);
    window.addEventListener("hashchange", route);
    document.addEventListener("keydown", onKey);
    await route();
    // Focus stays off text fields so single-key shortcuts work at once.
    viewRoot.focus();
    await painted();
    const listening = Promise.all([
      guardClose(),
      api.onRemindersChanged(showDueCount),
      api.onDataChanged(dataChanged),
      // Sync runs in the background; the app bar and Settings show how it goes.
      api.sync.onChanged((live) => {
        syncIndicator?.live(live);
        views.settings?.syncCard.live(live);
      }),
      // A click on a notification: the window is brought forward on what it was about.
      api.onOpen((route) => { location.hash = route; }),
    ]);
    await Promise.all([listening, api.drawn()]);
    const { SyncIndicator } = await import("./views/sync.js");
    syncIndicator = new SyncIndicator(document.getElementById("sync-state"));
    // Anything that changed between the first call and the listeners is told again.
    await Promise.all([api.reminders.wake(), syncIndicator.refresh()]);
    offerToResume(boot.unfinishedCall);
    document.body.dataset.ready = "true";
  } catch (err) {
    // A first screen that failed still gets its tray icon.
    api.drawn().catch(() => {});
    toastError(err);
  }
}

start();
