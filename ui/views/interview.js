// The prep checklist for one interview, and full-screen call mode.

import * as api from "../api.js";
import { h, mount, debounce } from "../dom.js";
import { formatWhen, labelOf, toLocalInput } from "../format.js";
import { toast, toastError } from "../toast.js";

const RESEARCH = [
  ["industry", "Industry", "Trends, challenges, innovations."],
  ["organization", "Organization", "Mission, values, products and services, recent news."],
  ["individual", "The person", "Role and career history; things in common (school, city, past employer); something specific to mention — “I noticed you were a journalist earlier…”."],
];

/** "14:05" for seconds; "+2:15" past zero. */
function mmss(seconds) {
  const s = Math.abs(seconds);
  const text = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
  return seconds < 0 ? `+${text}` : text;
}

function speechVerdict(seconds) {
  if (seconds === 0) return ["", "Aim for 30–45 seconds spoken."];
  if (seconds < 30) return ["warn", `About ${seconds} s spoken — a little short; aim for 30–45 s.`];
  if (seconds > 45) return ["warn", `About ${seconds} s spoken — too long; aim for 30–45 s.`];
  return ["ok", `About ${seconds} s spoken — good.`];
}

export class InterviewView {
  constructor(vocab) {
    this.vocab = vocab;
    this.root = h("div", { class: "interview-root" });
    this.id = null;
    this.mode = "prep";
    this.timer = null;
    this.pending = Promise.resolve();
    /** Saves waiting for a pause in typing: made at once when the page is left or closed. */
    this.autosaves = [];
  }

  /** A save waiting for a pause in typing, counted among those made when leaving. */
  autosave(fn, ms) {
    const later = debounce(fn, ms);
    this.autosaves.push(later);
    return later;
  }

  /** Everything typed is saved, and every save has landed. */
  async flush() {
    await Promise.all(this.autosaves.map((later) => later.flush()));
    await this.pending;
  }

  /** Shows interview `id` as its prep page, or in call mode. */
  async show(id, mode) {
    this.stopTimer();
    this.id = id;
    this.mode = mode;
    try {
      const page = mode === "call" ? await api.interviews.startCall(id) : await api.interviews.get(id);
      if (mode === "call") await this.renderCall(page);
      else this.renderPrep(page);
    } catch (err) {
      if (err.kind === "not_found") {
        mount(this.root, h("div", { class: "empty" }, h("h2", {}, "This interview is no longer here"),
          h("a", { href: "#/today" }, "Back to Today")));
      } else {
        toastError(err);
      }
    }
  }

  async canLeave() {
    await this.flush();
    if (this.mode === "call" && this.page && !this.page.interview.callEndedAt) {
      const leave = await api.confirm("The call is still running. Leave call mode? The timer keeps going and you can come back.", {
        title: "Leave call mode", ok: "Leave", cancel: "Stay",
      });
      if (!leave) return false;
    }
    this.stopTimer();
    await this.setFullscreen(false);
    return true;
  }

  save() { return this.savePrepNow(); }

  // ---- Prep ----

  renderPrep(page) {
    this.page = page;
    const i = page.interview;
    const p = i.prep;
    this.readiness = h("span", { class: "pill readiness", id: "readiness" });
    this.missing = h("p", { class: "muted", id: "missing" });
    this.status = h("span", { class: "status", "aria-live": "polite" });
    this.fields = {};
    this.autosaves = [];
    const autosave = this.autosave(() => this.savePrepNow(), 500);
    const text = (name, rows, placeholder = "") => {
      const el = h("textarea", { id: `p-${name}`, rows, placeholder, oninput: () => { this.status.textContent = "Saving…"; autosave(); } });
      el.value = p[name] ?? "";
      this.fields[name] = el;
      return el;
    };
    const tick = (name) => {
      const el = h("input", { type: "checkbox", id: `p-${name}`, onchange: () => this.savePrepNow() });
      el.checked = Boolean(p[name]);
      this.fields[name] = el;
      return el;
    };
    this.speechNote = h("p", { class: "help", id: "speech-length" });
    const speech = text("elevatorSpeech", 4, "Who you are, what you are exploring, and why this person.");
    speech.addEventListener("input", () => this.showSpeech(Math.round(speech.value.split(/\s+/).filter(Boolean).length * 60 / 150)));

    this.logistics = page.logistics.map((l) => {
      const box = h("input", { type: "checkbox", value: l.value, onchange: () => this.savePrepNow() });
      box.checked = p.logisticsDone.includes(l.value);
      return h("label", { class: "tick" }, box, " ", l.label);
    });

    this.questionList = h("ol", { class: "questions", id: "questions" });
    const newText = h("input", { type: "text", id: "new-question", placeholder: "Add a question of your own",
      onkeydown: (e) => { if (e.key === "Enter") { e.preventDefault(); this.addQuestion("own", newText.value, newText); } } });
    const fromBank = h("select", { id: "from-bank", "aria-label": "Add a question from the bank",
      onchange: () => { const q = page.bank[Number(fromBank.value)]; fromBank.value = ""; if (q) this.addQuestion(q.category, q.text); } },
      h("option", { value: "" }, "Add from the question bank…"),
      this.vocab.questionCategories.filter((c) => !["own", "closing"].includes(c.value)).map((c) =>
        h("optgroup", { label: c.label },
          page.bank.map((q, n) => [q, n]).filter(([q]) => q.category === c.value)
            .map(([q, n]) => h("option", { value: String(n) }, q.text)))));

    const answers = page.readyAnswers.map((a) => {
      const area = h("textarea", { rows: 3, id: `answer-${a.prompt}`,
        oninput: this.autosave(() => this.track(api.interviews.saveReadyAnswer(a.prompt, area.value).then(() => this.refreshReadiness())), 500) });
      area.value = a.answer;
      return h("div", { class: "field" }, h("label", { for: area.id }, a.label), area);
    });

    mount(this.root, h("div", { class: "page" },
      h("header", { class: "pagehead" },
        h("div", { class: "titles" },
          h("h1", {}, "Prepare: ", h("bdi", {}, i.contactName)),
          h("p", { class: "sub", id: "prep-when" }, [formatWhen(i.scheduledAt), `${i.durationMinutes} min`, labelOf(this.vocab.mediums, i.medium)].join(" · "),
            i.place ? [" · ", h("bdi", { title: i.place }, i.place)] : null),
          h("div", { class: "headline" }, this.readiness, this.status)),
        h("div", { class: "actions" },
          h("a", { class: "btn quiet", href: `#/contacts/${i.contactId}` }, h("bdi", { title: i.contactName }, i.contactName)),
          h("button", { class: "btn primary", type: "button", id: "start-call", onclick: () => { location.hash = `#/interviews/${i.id}/call`; } },
            i.callStartedAt && !i.callEndedAt ? "Resume call" : "Start call", " ", h("kbd", {}, "F")))),
      this.missing,
      h("div", { class: "columns prep" },
        h("div", { class: "side" },
          h("section", { class: "card" }, h("h2", {}, "Goal of the conversation"),
            text("goal", 2, "What do you want to come away knowing?")),
          h("section", { class: "card" }, h("h2", {}, "Research"),
            RESEARCH.map(([key, title, prompts]) => h("div", { class: "research" },
              h("label", { class: "tick strong" }, tick(`${key}Done`), ` ${title}`),
              h("p", { class: "help" }, prompts),
              text(`${key}Notes`, 3)))),
          h("section", { class: "card" }, h("h2", {}, "Elevator speech"), speech, this.speechNote, this.speechStart(page, speech))),
        h("div", { class: "side" },
          this.detailsCard(i),
          h("section", { class: "card" }, h("h2", {}, "Questions, in order"),
            h("p", { class: "help" }, "Alt+↑ and Alt+↓ move the focused question. The closing questions always end the call."),
            this.questionList, h("div", { class: "grid2" }, newText, fromBank)),
          h("section", { class: "card" }, h("h2", {}, "Ready answers"),
            h("p", { class: "help" }, "Kept for every conversation."), answers),
          h("section", { class: "card" }, h("h2", {}, "Logistics"), h("div", { class: "ticks" }, this.logistics))))));
    this.showSpeech(page.speechSeconds);
    this.renderQuestions(i.questions);
    this.showReadiness(i.readiness);
    this.status.textContent = "";
  }

  /** When, how long, how, where, and the status: changed together. */
  detailsCard(i) {
    const v = this.vocab;
    const when = h("input", { type: "datetime-local", id: "d-when", "aria-label": "When" });
    when.value = toLocalInput(new Date(i.scheduledAt));
    const minutes = h("input", { type: "number", id: "d-minutes", min: 5, max: 240, "aria-label": "Minutes" });
    minutes.value = String(i.durationMinutes);
    const medium = h("select", { id: "d-medium", "aria-label": "How" }, v.mediums.map((m) => h("option", { value: m.value }, m.label)));
    medium.value = i.medium;
    const place = h("input", { type: "text", id: "d-place", "aria-label": "Where", placeholder: "Link, address or number" });
    place.value = i.place;
    const status = h("select", { id: "d-status", "aria-label": "Status" }, v.interviewStatuses.map((m) => h("option", { value: m.value }, m.label)));
    status.value = i.status;
    const error = h("p", { class: "error", id: "err-details" });
    const save = async (e) => {
      e.preventDefault();
      error.textContent = "";
      const at = new Date(when.value);
      if (Number.isNaN(at.getTime())) { error.textContent = "Give a date and time."; when.focus(); return; }
      try {
        await this.track(api.interviews.reschedule(i.id, {
          contactId: i.contactId, scheduledAt: at.toISOString(), durationMinutes: Number(minutes.value),
          medium: medium.value, place: place.value, status: status.value, goal: this.fields.goal.value,
        }));
        toast("Interview updated");
        await this.show(i.id, "prep");
      } catch (err) {
        error.textContent = err.message;
      }
    };
    return h("form", { class: "card", id: "details-form", onsubmit: save, novalidate: true },
      h("h2", {}, "When and how"),
      h("div", { class: "grid2" }, when, minutes, medium, status),
      place, error,
      h("div", { class: "formbar" }, h("button", { class: "btn", type: "submit" }, "Update")));
  }

  /** Until the speech is written: a draft from My search, or where to fill My search in. */
  speechStart(page, speech) {
    if (speech.value.trim()) return null;
    if (!page.speechDraft) {
      return h("p", { class: "help", id: "speech-start" }, "Fill in ",
        h("a", { href: "#/targets" }, "My search"), " and Rapport drafts the speech from it.");
    }
    const start = h("button", { class: "btn small", type: "button", id: "speech-start", onclick: () => {
      speech.value = page.speechDraft;
      speech.dispatchEvent(new Event("input"));
      start.remove();
      speech.focus();
      // A gap left by My search is selected, to type over.
      const gap = speech.value.indexOf("[");
      if (gap >= 0) speech.setSelectionRange(gap, speech.value.indexOf("]", gap) + 1);
    } }, "Start from My search");
    return start;
  }

  showSpeech(seconds) {
    const [cls, text] = speechVerdict(seconds);
    this.speechNote.className = `help ${cls}`;
    this.speechNote.textContent = text;
  }

  showReadiness(r) {
    this.readiness.textContent = `Prepared ${r.percent}%`;
    this.readiness.className = `pill readiness${r.percent >= 80 ? " good" : ""}`;
    this.missing.textContent = r.missing.length ? `Still to do: ${r.missing.join(", ")}.` : "Everything is prepared.";
  }

  renderQuestions(questions) {
    mount(this.questionList, questions.map((q) => {
      const closing = q.category === "closing";
      const input = h("input", { type: "text", class: "qtext", "aria-label": "Question",
        onchange: () => this.track(api.interviews.editQuestion(q.id, input.value)).catch(toastError) });
      input.value = q.text;
      return h("li", { class: `question${closing ? " closing" : ""}`, dataset: { id: String(q.id) },
        onkeydown: (e) => {
          if (e.altKey && (e.key === "ArrowUp" || e.key === "ArrowDown") && !closing) {
            e.preventDefault();
            this.moveQuestion(q.id, e.key === "ArrowUp" ? -1 : 1);
          }
        } },
        h("span", { class: "qcat" }, labelOf(this.vocab.questionCategories, q.category)),
        input,
        closing ? null : h("span", { class: "qtools" },
          h("button", { class: "btn small quiet", type: "button", "aria-label": "Move up", onclick: () => this.moveQuestion(q.id, -1) }, "↑"),
          h("button", { class: "btn small quiet", type: "button", "aria-label": "Move down", onclick: () => this.moveQuestion(q.id, 1) }, "↓"),
          h("button", { class: "btn small quiet", type: "button", "aria-label": "Remove", onclick: () => this.deleteQuestion(q.id) }, "✕")));
    }));
  }

  async reloadQuestions(focusId) {
    const page = await api.interviews.get(this.id);
    this.page = page;
    this.renderQuestions(page.interview.questions);
    this.showReadiness(page.interview.readiness);
    if (focusId) this.questionList.querySelector(`li[data-id="${focusId}"] .qtext`)?.focus();
  }

  async addQuestion(category, text, input) {
    try {
      await this.track(api.interviews.addQuestion(this.id, category, text));
      if (input) input.value = "";
      await this.reloadQuestions();
    } catch (err) {
      toastError(err);
    }
  }

  async moveQuestion(id, by) {
    try {
      await this.track(api.interviews.moveQuestion(id, by));
      await this.reloadQuestions(id);
    } catch (err) {
      toastError(err);
    }
  }

  async deleteQuestion(id) {
    try {
      await this.track(api.interviews.deleteQuestion(id));
      await this.reloadQuestions();
    } catch (err) {
      toastError(err);
    }
  }

  readPrep() {
    const f = this.fields;
    return {
      goal: f.goal.value,
      industryNotes: f.industryNotes.value,
      industryDone: f.industryDone.checked,
      organizationNotes: f.organizationNotes.value,
      organizationDone: f.organizationDone.checked,
      individualNotes: f.individualNotes.value,
      individualDone: f.individualDone.checked,
      elevatorSpeech: f.elevatorSpeech.value,
      logisticsDone: this.logistics.map((l) => l.querySelector("input")).filter((b) => b.checked).map((b) => b.value),
    };
  }

  /** Every change to the prep is saved as it happens. */
  async savePrepNow() {
    if (this.mode !== "prep" || !this.fields) return;
    try {
      const page = await this.track(api.interviews.savePrep(this.id, this.readPrep()));
      this.showReadiness(page.interview.readiness);
      this.status.textContent = "Saved";
    } catch (err) {
      toastError(err);
    }
  }

  async refreshReadiness() {
    const page = await api.interviews.get(this.id);
    this.showReadiness(page.interview.readiness);
  }

  /** Keeps every write in flight, so leaving waits for them. */
  track(promise) {
    this.pending = Promise.all([this.pending, promise.catch(() => undefined)]);
    return promise;
  }

  // ---- Call mode ----

  async setFullscreen(on) {
    try {
      await window.__TAURI__.window.getCurrentWindow().setFullscreen(on);
    } catch (err) {
      toastError(err);
    }
    document.body.classList.toggle("calling", on);
  }

  async renderCall(page) {
    this.page = page;
    const i = page.interview;
    this.clockEl = h("div", { class: "clock", id: "clock", role: "timer", "aria-live": "off" });
    this.phaseEl = h("p", { class: "phase", id: "phase", "aria-live": "polite" });
    this.callList = h("ol", { class: "callquestions", id: "call-questions" });
    mount(this.root, h("div", { class: "call", id: "call" },
      h("header", { class: "callhead" },
        h("div", {},
          h("p", { class: "who" }, h("bdi", {}, i.contactName), i.organization ? [" · ", h("bdi", {}, i.organization)] : null),
          h("p", { class: "goal" }, i.prep.goal ? h("bdi", {}, i.prep.goal) : "No goal written — what do you want to learn?")),
        h("div", { class: "clockbox" }, this.clockEl, this.phaseEl),
        h("div", { class: "callactions" },
          h("button", { class: "btn", type: "button", id: "end-call", onclick: () => this.endCall() }, "End call ", h("kbd", {}, "Ctrl E")),
          h("button", { class: "btn quiet", type: "button", onclick: () => { location.hash = `#/interviews/${i.id}`; } }, "Leave ", h("kbd", {}, "Esc")))),
      i.prep.elevatorSpeech ? h("details", { class: "speech" }, h("summary", {}, "Elevator speech"), h("p", {}, i.prep.elevatorSpeech)) : null,
      this.callList,
      h("p", { class: "help" }, "Space ticks a question · Tab moves to its note · Enter goes to the next question · Alt+A marks the note as advice")));
    await this.setFullscreen(true);
    this.phase = null;
    this.renderCallQuestions();
    await this.tickClock();
    this.timer = setInterval(() => this.tickClock(), 1000);
    this.callList.querySelector("input[type=checkbox]")?.focus();
  }

  renderCallQuestions() {
    const qs = [...this.page.interview.questions];
    // Winding down: the closing questions move to the top.
    if (this.phase === "wind_down" || this.phase === "overtime") {
      qs.sort((a, b) => (b.category === "closing") - (a.category === "closing"));
    }
    // Drawn again while the user types a note: what they typed is saved first, and the
    // focus and caret stay where they were.
    for (const later of this.autosaves) later.flush();
    this.autosaves = [];
    const active = document.activeElement;
    const focused = active?.closest?.("li.cq")?.dataset.id;
    const caret = active?.classList?.contains("note") ? [active.selectionStart, active.selectionEnd] : null;
    mount(this.callList, qs.map((q) => {
      const box = h("input", { type: "checkbox", "aria-label": `Asked: ${q.text}` });
      box.checked = q.asked;
      const note = h("input", { type: "text", class: "note", placeholder: "One-line note", "aria-label": `Note on: ${q.text}` });
      note.value = q.note;
      const adviceButton = h("button", { type: "button", class: "btn small quiet advice-toggle", "aria-pressed": String(q.advice),
        title: "The note is advice they gave (Alt+A)", onclick: () => toggleAdvice() }, "Advice");
      const row = h("li", { class: `cq${q.category === "closing" ? " closing" : ""}${q.asked ? " asked" : ""}${q.advice ? " advice" : ""}`, dataset: { id: String(q.id) } },
        h("label", { class: "qline" }, box, h("bdi", { class: "qtext" }, q.text)),
        h("div", { class: "noteline" }, note, adviceButton));
      const persist = () => {
        q.asked = box.checked;
        q.note = note.value;
        this.track(api.interviews.markQuestion(q.id, box.checked, note.value, q.advice)).catch(toastError);
      };
      // Advice was given in answer to a question: marking it ticks the question too.
      const toggleAdvice = () => {
        q.advice = !q.advice;
        if (q.advice) box.checked = true;
        adviceButton.setAttribute("aria-pressed", String(q.advice));
        row.classList.toggle("advice", q.advice);
        persist();
      };
      box.addEventListener("change", persist);
      note.addEventListener("input", this.autosave(persist, 300));
      note.addEventListener("change", persist);
      row.addEventListener("keydown", (e) => {
        if (e.altKey && e.key.toLowerCase() === "a") { e.preventDefault(); toggleAdvice(); }
      });
      note.addEventListener("keydown", (e) => {
        if (e.key === "Enter") {
          e.preventDefault();
          persist();
          const next = e.currentTarget.closest("li").nextElementSibling;
          next?.querySelector("input[type=checkbox]")?.focus();
        }
      });
      return row;
    }));
    const row = focused && this.callList.querySelector(`li[data-id="${focused}"]`);
    if (!row) return;
    const again = row.querySelector(caret ? "input.note" : "input[type=checkbox]");
    again.focus();
    if (caret) again.setSelectionRange(...caret);
  }

  async tickClock() {
    try {
      const clock = await api.interviews.clock(this.id);
      if (!clock) return;
      this.clockEl.textContent = mmss(clock.remainingSeconds);
      const call = this.root.querySelector("#call");
      call.dataset.phase = clock.phase;
      this.phaseEl.textContent = clock.phase === "overtime" ? "Over the agreed time"
        : clock.phase === "wind_down" ? "Time to wind down — closing questions first" : "Remaining";
      if (clock.phase !== this.phase) {
        const changed = this.phase !== null;
        this.phase = clock.phase;
        if (changed) this.renderCallQuestions();
        else if (clock.phase !== "running") this.renderCallQuestions();
      }
    } catch (err) {
      this.stopTimer();
      toastError(err);
    }
  }

  stopTimer() {
    clearInterval(this.timer);
    this.timer = null;
  }

  async endCall() {
    if (!(await api.confirm("End the call and save your notes to the timeline?", { title: "End call", ok: "End call", cancel: "Keep going" }))) return;
    await this.pending;
    let named = [];
    try {
      named = (await api.interviews.get(this.id)).namedInAdvice;
    } catch (err) {
      toastError(err);
    }
    this.askReferrals(named);
  }

  /** "Whom else should I talk to?" — each name becomes a contact referred by this person. */
  askReferrals(named = []) {
    const rows = h("div", { class: "referral-rows", id: "referral-rows" });
    const addRow = (person = null) => {
      const name = h("input", { type: "text", class: "ref-name", placeholder: "Name", "aria-label": "Referral name" });
      const org = h("input", { type: "text", class: "ref-org", placeholder: "Organization", "aria-label": "Referral organization" });
      if (person) {
        name.value = person.fullName;
        org.value = person.organization;
      }
      rows.append(h("div", { class: "grid2" }, name, org));
      name.focus();
    };
    const finish = async () => {
      const referrals = [...rows.children].map((row) => ({
        fullName: row.querySelector(".ref-name").value,
        organization: row.querySelector(".ref-org").value,
      })).filter((r) => r.fullName.trim());
      try {
        const done = await api.interviews.endCall(this.id, referrals);
        this.page.interview = done;
        this.stopTimer();
        await this.setFullscreen(false);
        toast(referrals.length ? `Call saved, with ${referrals.length} new ${referrals.length === 1 ? "contact" : "contacts"}` : "Call saved", {
          action: { label: "Write the thank-you", run: () => { location.hash = `#/write/${done.contactId}?kind=thank_you`; } },
        });
        location.hash = `#/contacts/${done.contactId}`;
      } catch (err) {
        toastError(err);
      }
    };
    const dialog = h("form", { class: "card referrals", id: "referrals-form", onsubmit: (e) => { e.preventDefault(); finish(); } },
      h("h2", {}, "Whom else did ", h("bdi", {}, this.page.interview.contactName.split(" ")[0]), " suggest you talk to?"),
      h("p", { class: "help" }, named.length
        ? "The names your advice notes mention are filled in; complete or clear them. Each name becomes a contact, referred by this person."
        : "Each name becomes a contact, referred by this person. Leave it empty if there was no one."),
      rows,
      h("div", { class: "formbar" },
        h("button", { class: "btn quiet", type: "button", onclick: () => addRow() }, "Another person"),
        h("button", { class: "btn primary", type: "submit", id: "finish-call" }, "Save and finish")));
    this.stopTimer();
    mount(this.root.querySelector("#call"), dialog);
    if (named.length) named.forEach((person) => addRow(person));
    else addRow();
  }

  onKey(e) {
    if (this.mode === "prep" && e.key.toLowerCase() === "f" && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      location.hash = `#/interviews/${this.id}/call`;
      return true;
    }
    if (this.mode === "call" && (e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "e") {
      e.preventDefault();
      this.endCall();
      return true;
    }
    return false;
  }
}
