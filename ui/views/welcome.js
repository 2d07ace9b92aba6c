// The first screen of an empty Rapport: what it is for, and the first steps.

import { h } from "../dom.js";

export function welcome() {
  const step = (href, title, text, key) => h("a", { class: "step", href },
    h("span", { class: "step-title" }, title, key ? [" ", h("kbd", {}, key)] : null),
    h("span", { class: "step-text" }, text));
  return h("div", { class: "page narrow welcome", id: "welcome" },
    h("img", { src: "icon.svg", alt: "", width: 64, height: 64 }),
    h("h1", {}, "Welcome to Rapport"),
    h("p", { class: "lead" },
      "Rapport keeps track of the people you talk with about their work — whom you reached out to, " +
      "what they told you, and when to thank them or check in again."),
    h("nav", { class: "steps", "aria-label": "First steps" },
      step("#/contacts/new", "Add your first contact", "Someone you would like to talk to, or already did.", "N"),
      step("#/data", "Import the people you already know",
        "LinkedIn connections, an address book (.vcf) or a spreadsheet; you see everything before it is added."),
      step("#/settings", "Set your reminder preferences", "When follow-ups and check-ins come due, and your quiet hours.")),
    h("p", { class: "muted" }, "Everything you write stays on this computer."));
}
