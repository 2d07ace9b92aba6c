// Writing to one person: a template filled from the log, edited in place, then copied or
// handed to the mail app, and logged so the reminder it answers closes.

import * as api from "../api.js";
import { h, mount } from "../dom.js";
import { labelOf } from "../format.js";
import { toast, toastError } from "../toast.js";

/** What a call after a letter can come to, as it goes into the log. */
const CALL_OUTCOMES = [
  ["No answer", { channel: "phone_call", outcome: "no_answer" }],
  ["Voicemail left", { channel: "voicemail", outcome: "sent" }],
  ["Message left with someone", { channel: "message_left", outcome: "sent" }],
  ["They will talk", { channel: "phone_call", outcome: "replied" }],
  ["They declined", { channel: "phone_call", outcome: "declined" }],
];

/** The gap a template leaves for a placeholder with no value, as the core writes it. */
const gap = (label) => `[${label}]`;

export class ComposeView {
  constructor(vocab) {
    this.vocab = vocab;
    this.root = h("div", { class: "page narrow compose-page" });
    this.message = null;
    this.sent = "";
  }

  async show(contactId, kind) {
    // Asked again for the same message (the data changed): what is typed stays.
    if (this.message && this.message.contactId === contactId && (!kind || kind === this.message.kind) && this.unsaved()) return;
    try {
      this.message = await api.messages.compose(contactId, kind);
      this.render();
      this.body.focus();
      this.body.setSelectionRange(0, 0);
    } catch (err) {
      this.message = null;
      if (err.kind === "not_found") {
        mount(this.root, h("div", { class: "empty" },
          h("h2", {}, "This person is no longer in your log"),
          h("a", { href: "#/contacts" }, "Back to contacts")));
      } else {
        toastError(err);
      }
    }
  }

  async refresh() {}

  render() {
    const m = this.message;
    const script = m.kind === "phone_call";
    this.kindPicker = h("select", { id: "compose-kind", onchange: () => this.switchKind() },
      this.vocab.templates.map((c) => h("option", { value: c.value, selected: c.value === m.kind }, c.label)));
    this.to = m.to.length > 1
      ? h("select", { id: "compose-to" }, m.to.map((e) => h("option", { value: e }, e)))
      : h("input", { type: "email", id: "compose-to", value: m.to[0] ?? "", autocomplete: "off",
        placeholder: "their address, or leave it for the mail app" });
    this.subject = h("input", { type: "text", id: "compose-subject", value: m.subject, oninput: () => this.changed() });
    this.body = h("textarea", { id: "compose-body", spellcheck: true, "aria-label": "Message", "aria-describedby": "compose-gaps",
      oninput: () => this.changed() });
    this.body.value = m.body;
    this.marks = h("div", { class: "marks" });
    this.gaps = h("p", { class: "gaps", id: "compose-gaps", role: "status", "aria-live": "polite" });
    this.logArea = h("div", { class: "log-offer", id: "log-offer", hidden: true });
    mount(this.root,
      h("header", { class: "pagehead" }, h("div", { class: "titles" },
        h("h1", {}, script ? "Call " : "Write to ", h("bdi", {}, m.contactName)),
        h("p", { class: "sub" }, h("a", { href: `#/contacts/${m.contactId}`, id: "compose-back" }, "Back to their page"),
          " · Esc"))),
      h("section", { class: "card composer", "aria-label": "Message" },
        h("div", { class: "compose-row" },
          h("label", { for: "compose-kind" }, "Template"), this.kindPicker,
          h("a", { href: "#/settings", class: "quiet-link", title: "Edit the templates in Settings" }, "Edit templates")),
        script ? null : h("div", { class: "compose-row" }, h("label", { for: "compose-to" }, "To"), this.to),
        script ? null : h("div", { class: "compose-row" }, h("label", { for: "compose-subject" }, "Subject"), this.subject),
        h("div", { class: "compose-body" }, h("div", { class: "backdrop", "aria-hidden": "true" }, this.marks), this.body),
        this.gaps,
        this.renderPicks(),
        h("div", { class: "formbar" },
          h("button", { class: "btn", type: "button", id: "compose-copy", onclick: () => this.copy() }, "Copy"),
          script ? null : h("button", { class: "btn primary", type: "button", id: "compose-mail",
            onclick: () => this.mail() }, "Open in mail app ", h("kbd", {}, "Ctrl ↵")))),
      this.logArea);
    this.sent = "";
    this.changed();
    if (script) this.offerLog();
  }

  /** Lines of the last conversation to refer to, for the gap a thank-you leaves for them. */
  renderPicks() {
    const m = this.message;
    if (!m.picks.length || !m.body.includes(gap(this.specificLabel()))) return null;
    return h("div", { class: "picks", id: "compose-picks" },
      h("p", { class: "help" }, "From your conversation — pick what to refer to:"),
      h("ul", {}, m.picks.map((p) => h("li", {},
        h("button", { class: "btn small quiet pick", type: "button", onclick: () => this.pick(p) }, h("bdi", {}, p))))));
  }

  specificLabel() {
    return this.vocab.placeholders.find((p) => p.value === "specific").label;
  }

  pick(text) {
    const marker = gap(this.specificLabel());
    const at = this.body.value.indexOf(marker);
    if (at >= 0) {
      this.body.value = this.body.value.slice(0, at) + text + this.body.value.slice(at + marker.length);
      this.body.setSelectionRange(at + text.length, at + text.length);
    } else {
      this.body.setRangeText(text, this.body.selectionStart, this.body.selectionEnd, "end");
    }
    this.body.focus();
    this.changed();
  }

  /** The gaps still in the text, drawn under it and named beneath. */
  changed() {
    const labels = this.vocab.placeholders.map((p) => p.label);
    const all = `${this.subject.value}\n${this.body.value}`;
    const left = labels.filter((l) => all.includes(gap(l)));
    // The highlight layer mirrors the text, with each gap marked where it stands.
    const pieces = [];
    const pattern = new RegExp(labels.map((l) => gap(l).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "g");
    const text = this.body.value;
    let last = 0;
    for (const found of text.matchAll(pattern)) {
      pieces.push(text.slice(last, found.index), h("mark", {}, found[0]));
      last = found.index + found[0].length;
    }
    pieces.push(text.slice(last), "\n");
    mount(this.marks, pieces);
    this.body.style.height = "auto";
    this.body.style.height = `${this.body.scrollHeight + 2}px`;
    this.subject.toggleAttribute("aria-invalid", labels.some((l) => this.subject.value.includes(gap(l))));
    this.gaps.textContent = left.length
      ? `Still to fill in: ${left.join(", ")}.`
      : "Ready to send.";
    this.gaps.classList.toggle("ready", !left.length);
    this.left = left;
  }

  /** The message as it stands, or null after saying what is still to fill in. */
  ready() {
    if (this.left.length) {
      toast(`Fill in the highlighted parts first: ${this.left.join(", ")}.`, { error: true });
      const first = this.left.map((l) => this.body.value.indexOf(gap(l))).filter((i) => i >= 0).sort((a, b) => a - b)[0];
      if (first !== undefined) {
        this.body.focus();
        this.body.setSelectionRange(first, first + gap(this.left[0]).length);
      }
      return null;
    }
    return { to: this.to.value.trim(), subject: this.subject.value.trim(), body: this.body.value };
  }

  async copy() {
    const m = this.ready();
    if (!m) return;
    const text = this.message.kind === "phone_call" || !m.subject ? m.body : `${m.subject}\n\n${m.body}`;
    try {
      await api.copyText(text);
      toast("Message copied");
      this.done();
    } catch (err) {
      toastError(err);
    }
  }

  async mail() {
    const m = this.ready();
    if (!m) return;
    try {
      await api.messages.mail(m.to, m.subject, m.body);
      toast("Opened in your mail app");
      this.done("email");
    } catch (err) {
      toastError(err);
    }
  }

  /** Handed on: nothing typed is lost by leaving now, and the send can be logged. */
  done(channel = null) {
    this.sent = `${this.subject.value}\n${this.body.value}`;
    this.offerLog(channel);
  }

  offerLog(channel = null) {
    const m = this.message;
    const area = this.logArea;
    area.hidden = false;
    if (m.kind === "phone_call") {
      mount(area, h("h2", {}, "How did the call go?"),
        h("div", { class: "choices" }, CALL_OUTCOMES.map(([label, how]) => h("button", {
          class: "btn", type: "button", onclick: () => this.log({ ...m.log, ...how }, label),
        }, label))));
      return;
    }
    const channels = ["email", "letter", "linkedin_message"];
    const picker = h("select", { id: "log-channel", "aria-label": "Sent as" },
      channels.map((c) => h("option", { value: c, selected: c === (channel ?? m.log.channel) }, labelOf(this.vocab.channels, c))));
    const purpose = m.log.purpose ? labelOf(this.vocab.purposes, m.log.purpose).toLowerCase() : "message";
    mount(area, h("h2", {}, "Sent it?"),
      h("p", { class: "help" }, `Log it as a ${purpose} so what it answers is done.`),
      h("div", { class: "choices" }, picker,
        h("button", { class: "btn primary", type: "button", id: "log-sent",
          onclick: () => this.log({ ...m.log, channel: picker.value }, "Sent") }, "Log it as sent")));
  }

  async log(how, what) {
    const m = this.message;
    try {
      const logged = await api.interactions.create({
        contactId: m.contactId,
        occurredAt: new Date().toISOString(),
        channel: how.channel,
        direction: how.direction,
        outcome: how.outcome,
        purpose: how.purpose,
        notes: m.kind === "phone_call" ? "" : `${this.subject.value.trim()}\n\n${this.body.value}`.trim(),
      });
      this.sent = `${this.subject.value}\n${this.body.value}`;
      toast(`${what}: logged for ${m.contactName}`, {
        undo: true,
        action: { label: "Undo", shortcut: "Ctrl Z", run: () => api.interactions.remove(logged.interaction.id).then(() => toast("Taken back")).catch(toastError) },
      });
      location.hash = `#/contacts/${m.contactId}`;
    } catch (err) {
      toastError(err);
    }
  }

  async switchKind() {
    const kind = this.kindPicker.value;
    if (this.unsaved() && !(await api.confirm("Switch templates? The changes to this message will be lost.",
      { title: "Unsent message", ok: "Switch", cancel: "Keep writing" }))) {
      this.kindPicker.value = this.message.kind;
      return;
    }
    const contactId = this.message.contactId;
    this.message = null;
    history.replaceState(null, "", `#/write/${contactId}?kind=${kind}`);
    await this.show(contactId, kind);
  }

  /** Edited since it was filled in, and neither handed on nor logged. */
  unsaved() {
    if (!this.message || !this.body) return false;
    const now = `${this.subject.value}\n${this.body.value}`;
    return now !== `${this.message.subject}\n${this.message.body}` && now !== this.sent;
  }

  /** Before the window goes: a message not handed on is asked about (it is never stored). */
  settle() {
    return this.canLeave();
  }

  async canLeave() {
    if (!this.unsaved()) return true;
    const leave = await api.confirm("Leave this message? What you wrote has not been copied or sent.",
      { title: "Unsent message", ok: "Leave", cancel: "Keep writing" });
    if (leave) this.message = null;
    return leave;
  }

  onKey(e) {
    if ((e.ctrlKey || e.metaKey) && e.key === "Enter") {
      e.preventDefault();
      if (this.message?.kind === "phone_call") this.copy();
      else this.mail();
      return true;
    }
    if (e.key === "Escape" && this.message) {
      e.preventDefault();
      location.hash = `#/contacts/${this.message.contactId}`;
      return true;
    }
    return false;
  }
}
