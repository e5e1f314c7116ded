import type { KnownBlock } from "@slack/types";
import type { DealCommandShortfall } from "../../domain/deal-command.ts";
import { Command } from "../ids.ts";
import { escapeMrkdwn } from "../mrkdwn.ts";
import { context, header, section } from "./blocks.ts";
import type { MessageView } from "./messages.ts";

const dealUsage: ReadonlyArray<readonly [string, string]> = [
  ["/deal new [text]", "open the New deal form, prefilled from the text (`/deal new Acme renewal 12k @ana`)"],
  ["/deal list [mine|all|@user|stage]", "deals, most urgent first (default: my open deals)"],
  ["/deal export [mine|all|@user|stage]", "those deals as a CSV file in your DM, open and closed"],
  ["/deal D-12", "show a deal's card (also `/deal show 12` or part of its name)"],
  ["/deal find <text>", "search deals by name, company or contact"],
  ["/deal move <deal> <stage>", "move a deal to another stage (`/deal move D-12 proposal`)"],
  ["/deal won <deal>", "mark won and hand over to delivery"],
  ["/deal lost <deal> [reason]", "mark lost, with the reason"],
  ["/deal note <deal> <text>", "add a note"],
  ["/deal edit <deal>", "edit a deal"],
  ["/deal history <deal> [page]", "a deal's changes: who, when, what, before → after"],
];

/** How to write each `/deal` sub-command that needs more than its name. */
const DEAL_USAGE: Record<DealCommandShortfall["verb"], string> = {
  move: "`/deal move <deal> <stage>` — e.g. `/deal move D-12 proposal`",
  won: "`/deal won <deal>` — e.g. `/deal won D-12`",
  lost: "`/deal lost <deal> [reason]` — e.g. `/deal lost D-12 went with a competitor`",
  note: "`/deal note <deal> <text>` — e.g. `/deal note D-12 sent the security questionnaire`",
  edit: "`/deal edit <deal>` — e.g. `/deal edit D-12`",
  show: "`/deal show <deal>` — e.g. `/deal show D-12`",
  find: "`/deal find <text>` — e.g. `/deal find acme`",
  history: "`/deal history <deal> [page]` — e.g. `/deal history D-12`",
};

/** The question a sub-command typed short asks back. */
function shortfallQuestion(shortfall: DealCommandShortfall): string {
  switch (shortfall.verb) {
    case "show":
    case "edit":
    case "history":
      return "Which deal?";
    case "won":
      return "Which deal was won?";
    case "lost":
      return "Which deal was lost?";
    case "move":
      return shortfall.missing === "stage" ? "To which stage?" : "Which deal, and to which stage?";
    case "note":
      return shortfall.missing === "text"
        ? "What should the note say?"
        : "Which deal, and what should the note say?";
    case "find":
      return "What should I look for?";
  }
}

/** The answer to `/deal move` and the like without what they need: the question, then the usage. */
export function dealUsageText(shortfall: DealCommandShortfall): string {
  const usage = DEAL_USAGE[shortfall.verb].replaceAll("<", "&lt;").replaceAll(">", "&gt;");
  return `${shortfallQuestion(shortfall)} Usage: ${usage}`;
}

export function dealHelpView(): MessageView {
  const lines = dealUsage.map(([usage, what]) => `\`${escapeMrkdwn(usage)}\` — ${what}`).join("\n");
  return {
    text: `How to use ${Command.Deal}: ${dealUsage.map(([usage]) => usage).join(", ")}`,
    blocks: [
      header("Deals in Handoff"),
      section(lines),
      context(
        "A deal is named by its reference (`D-12` or `12`) or an unambiguous part of its name or company. Only you can see this.",
      ),
    ],
  };
}

const commandSummary: ReadonlyArray<readonly [Command, string]> = [
  [Command.Deal, "create deals and move them through the pipeline"],
  [Command.Pipeline, "the pipeline by stage, the forecast and stale deals"],
  [Command.Project, "onboarding projects opened when a deal is won"],
  [Command.Tasks, "your tasks, open tasks to claim, overdue work"],
  [Command.Digest, "pipeline and delivery digests, now or on a schedule"],
  [Command.Handoff, "help and (for admins) settings, stages, templates and webhooks"],
];

function aboutBlocks(): KnownBlock[] {
  return [
    section(
      "*Handoff* carries a deal from the first call to a delivered onboarding: reps move deals through stages, a won deal opens a project thread whose tasks the delivery team claims, and managers get a weekly digest.",
    ),
    section(commandSummary.map(([command, what]) => `\`${command}\` — ${what}`).join("\n")),
  ];
}

const adminUsage: ReadonlyArray<readonly [string, string]> = [
  ["/handoff settings", "channels, managers and admins, time zone (admins)"],
  ["/handoff stages", "the pipeline's stages; admins can rename, reorder and tune them"],
  ["/handoff templates", "onboarding templates (admins)"],
  ["/handoff audit [@person] [deal] [page]", "the latest changes: who, when, what (admins and managers)"],
  [
    "/handoff import",
    "deals from a CSV: a HubSpot, Pipedrive or Salesforce export, or Handoff's own (admins)",
  ],
  ["/handoff leads", "lead sources: hook URLs for website forms and tools (admins)"],
  ["/handoff webhooks", "send events to other tools (admins)"],
  ["/handoff api", "tokens for the REST API (admins)"],
];

export function handoffHelpView(): MessageView {
  return {
    text: `Handoff help: ${commandSummary.map(([command]) => command).join(", ")}`,
    blocks: [
      header("Handoff"),
      ...aboutBlocks(),
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: `*Administration*\n${adminUsage.map(([usage, what]) => `\`${usage}\` — ${what}`).join("\n")}\nYour App Home shows your open deals and tasks.`,
        },
      },
      context("Type `/deal help` for the deal commands. Only you can see this."),
    ],
  };
}

/** The answer to anything typed in the app's Messages tab: the app reads commands, not messages. */
export function messagesTabHelpView(): MessageView {
  return {
    text: "Handoff doesn't read messages here. Type a slash command instead, such as /deal list or /handoff help.",
    blocks: [
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: `I don't read messages here, but the commands work in this conversation too:\n${commandSummary.map(([command, what]) => `\`${command}\` — ${what}`).join("\n")}`,
        },
      },
      context("Type `/handoff help` for more, or open the Home tab."),
    ],
  };
}
