// What works: the funnel, who answers (by organization, source, channel, attempts), the
// conversations week by week, the snafus not to repeat, and who referred whom.

import * as api from "../api.js";
import { h, mount } from "../dom.js";
import { formatDay, labelOf } from "../format.js";
import { toastError } from "../toast.js";
import { bars, funnel, tree, weekly } from "../charts.js";

const DAY = 86_400_000;
const PERIODS = [
  ["30", "Last 30 days", 30],
  ["90", "Last 90 days", 90],
  ["365", "Last 12 months", 365],
  ["all", "All time", null],
];

const percent = (share) => `${Math.round(share * 100)}%`;

/** "4 days", "1 day", "same day": a median's words. */
function days(value) {
  if (value === null || value === undefined) return "";
  if (value < 1) return "same day";
  const n = Math.round(value * 10) / 10;
  return `${n} ${n === 1 ? "day" : "days"}`;
}

export class InsightsView {
  constructor(vocab) {
    this.vocab = vocab;
    this.period = "365";
    this.root = h("div", { class: "page insights-page" });
    this.asked = 0;
  }

  async refresh() {
    const ask = ++this.asked;
    const span = PERIODS.find(([key]) => key === this.period)[2];
    const from = span === null ? null : new Date(Date.now() - span * DAY).toISOString();
    try {
      const figures = await api.insights(from);
      // A newer period was picked while this one was counted.
      if (ask === this.asked) this.render(figures);
    } catch (err) {
      toastError(err);
    }
  }

  render(f) {
    const v = this.vocab;
    const pick = h("select", { id: "insights-period", "aria-label": "Period",
      onchange: () => { this.period = pick.value; this.refresh(); } },
    PERIODS.map(([key, label]) => h("option", { value: key }, label)));
    pick.value = this.period;
    const period = PERIODS.find(([key]) => key === this.period)[1].toLowerCase();
    const head = h("header", { class: "pagehead" },
      h("div", { class: "titles" }, h("h1", {}, "Insights"),
        h("p", { class: "sub" }, "What works: who answers, how fast, and where your network grows.")),
      h("div", { class: "actions" }, pick));
    const n = f.funnel;
    const sections = [];
    if (!n.contacted) {
      sections.push(h("section", { class: "card empty-insights", id: "insights-empty" },
        h("h2", {}, `No outreach ${this.period === "all" ? "logged yet" : `in the ${period}`}`),
        h("p", { class: "muted" }, "Log each email, letter, call or LinkedIn message you send, and what came back; this page then shows who answers, how fast, and what to do more of.")));
    } else {
      const share = (count) => (n.contacted ? count / n.contacted : 0);
      sections.push(h("section", { class: "card", id: "insights-funnel" },
        funnel("chart-funnel", `From first contact to keeping in touch, ${period}`, [
          { label: "Contacted", count: n.contacted, text: `${n.contacted.toLocaleString()} contacted` },
          { label: "Replied", count: n.replied, text: `${n.replied.toLocaleString()} replied · ${percent(share(n.replied))}` },
          { label: "Talked", count: n.talked, text: `${n.talked.toLocaleString()} talked · ${percent(share(n.talked))}` },
          { label: "Kept in touch", count: n.keptInTouch, text: `${n.keptInTouch.toLocaleString()} kept in touch · ${percent(share(n.keptInTouch))}` },
        ])));
      sections.push(h("section", { class: "card", id: "insights-weeks" },
        weekly("chart-weeks", "Conversations per week", f.weeks)));
      const groupBars = (id, caption, groups, note) => h("section", { class: "card", id },
        bars(`chart-${id}`, caption, groups.map((g) => ({
          label: g.label || "No organization",
          share: g.replyRate,
          figure: `${g.replied.toLocaleString()} of ${g.contacted.toLocaleString()} · ${percent(g.replyRate)}${g.medianDays !== null ? ` · ${days(g.medianDays)}` : ""}`,
          cells: [g.contacted.toLocaleString(), g.replied.toLocaleString(), percent(g.replyRate), days(g.medianDays) || "—"],
        })), { head: ["Group", "Contacted", "Replied", "Reply rate", "Median time to reply"] }),
        note ? h("p", { class: "help" }, note) : null);
      sections.push(groupBars("by-organization", "Most eager organizations", f.byOrganization,
        f.organizations > f.byOrganization.length ? `The ${f.byOrganization.length} most eager of ${f.organizations.toLocaleString()} organizations: highest reply rate first, then the most replies, then the fastest.` : "Highest reply rate first, then the most replies, then the fastest."));
      sections.push(groupBars("by-source", "By where you found them", f.bySource));
      sections.push(groupBars("by-channel", "By how you first reached out", f.byChannel));
      sections.push(groupBars("by-attempts", "By attempts until they answered", f.byAttempts,
        "People who never answered count under the attempts you made."));
    }
    sections.push(h("section", { class: "card", id: "insights-snafus" },
      h("h2", {}, "Snafus ", h("span", { class: "count" }, f.snafus.length ? String(f.snafus.length) : "")),
      f.snafus.length
        ? h("ul", { class: "snafus" }, f.snafus.map((x) => h("li", {},
          h("a", { href: `#/contacts/${x.contactId}` }, h("bdi", {}, x.contactName)),
          h("span", { class: "meta" }, ` · ${labelOf(v.channels, x.channel)} · ${formatDay(x.at)}`),
          x.notes ? h("p", { class: "notes" }, h("bdi", {}, x.notes)) : null)))
        : h("p", { class: "muted" }, "Nothing went wrong in this period. Log an interaction with the outcome “Snafu” and it is listed here, so it is not repeated.")));
    const t = f.referrals;
    sections.push(h("section", { class: "card", id: "insights-referrals" },
      t.roots.length
        ? [tree("chart-referrals", "Who referred whom", t.roots, (stage) => labelOf(v.stages, stage)),
          h("p", { class: "help" }, `${t.referrals} ${t.referrals === 1 ? "person" : "people"} came through a referral; ${t.onTheirOwn} found on your own have not led to anyone yet.`,
            t.shown < t.people ? ` The first ${t.shown} of ${t.people} are drawn.` : "")]
        : [h("h2", {}, "Who referred whom"),
          h("p", { class: "muted" }, "When someone suggests a person to talk to, add them “referred by” that person (or end a call with their names) and your network’s growth shows here.")]));
    mount(this.root, head, h("div", { class: "insights-grid" }, sections));
  }

  async canLeave() { return true; }
}
