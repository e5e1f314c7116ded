import type { DriverResponse, SlackDriver, SubmitValue } from "@handoff/slack-emulator";
import {
  DemoChannels,
  DemoPeople,
  type EmulatorMessage,
  locateElements,
  type SlackEmulator,
  textOf,
} from "@handoff/slack-emulator";
import { addDays, todayIn } from "../domain/dates.ts";

/**
 * A believable workspace, made the way people would make it: slash commands, modals and
 * buttons sent through the real app, so every deal, card, thread and project is the app's own.
 */

interface DemoDeal {
  owner: string;
  /** What the rep types after `/deal new` (the close date is added): the app reads name and amount. */
  text: string;
  /** Made this many days ago; moved on, lost or noted halfway from then to today. */
  daysAgo: number;
  /** Expected to close this many days from today. */
  closesIn: number;
  company: string;
  stage: "Lead" | "Qualified" | "Demo" | "Proposal" | "Negotiation";
  contacts?: string;
  nextStep?: string;
  /** Moved on after creation, so the card's thread shows a stage change. */
  moveTo?: string;
  lost?: string;
}

const DEALS: DemoDeal[] = [
  {
    owner: DemoPeople.ana,
    text: "Initech rollout 48k",
    daysAgo: 40,
    closesIn: 21,
    company: "Initech",
    stage: "Negotiation",
    contacts: "Peter Gibbons, IT lead, peter@initech.example\nSamir Nagheenanajar, finance",
    nextStep: "Send the order form",
  },
  {
    owner: DemoPeople.ana,
    text: "Globex analytics €120k",
    daysAgo: 36,
    closesIn: 40,
    company: "Globex",
    stage: "Demo",
    moveTo: "proposal",
    contacts: "Hank Scorpio, CEO, hank@globex.example",
  },
  {
    owner: DemoPeople.ana,
    text: "Umbrella pilot 18k",
    daysAgo: 33,
    closesIn: 35,
    company: "Umbrella Corp",
    stage: "Demo",
  },
  {
    owner: DemoPeople.ana,
    text: "Hooli workspace expansion 75k",
    daysAgo: 29,
    closesIn: 56,
    company: "Hooli",
    stage: "Proposal",
    moveTo: "negotiation",
    nextStep: "Security questionnaire",
  },
  {
    owner: DemoPeople.ana,
    text: "Cyberdyne support plan 22k",
    daysAgo: 26,
    closesIn: 8,
    company: "Cyberdyne",
    stage: "Qualified",
  },
  {
    owner: DemoPeople.ana,
    text: "Wonka factory app 14k",
    daysAgo: 22,
    closesIn: 42,
    company: "Wonka Industries",
    stage: "Lead",
  },
  {
    owner: DemoPeople.ben,
    text: "Vandelay import 30k",
    daysAgo: 19,
    closesIn: 28,
    company: "Vandelay Industries",
    stage: "Qualified",
    moveTo: "demo",
    contacts: "Art Vandelay, buyer, art@vandelay.example",
  },
  {
    owner: DemoPeople.ben,
    text: "Stark security review $210k",
    daysAgo: 15,
    closesIn: 45,
    company: "Stark Industries",
    stage: "Negotiation",
    nextStep: "Legal review of the MSA",
  },
  {
    owner: DemoPeople.ben,
    text: "Wayne HR suite 64k",
    daysAgo: 12,
    closesIn: 42,
    company: "Wayne Enterprises",
    stage: "Proposal",
  },
  {
    owner: DemoPeople.ben,
    text: "Tyrell training 56k",
    daysAgo: 8,
    closesIn: 70,
    company: "Tyrell Corp",
    stage: "Lead",
  },
  {
    owner: DemoPeople.ben,
    text: "Acme renewal 12k",
    daysAgo: 5,
    closesIn: 14,
    company: "Acme",
    stage: "Proposal",
  },
  {
    owner: DemoPeople.ben,
    text: "Soylent meal plans 9.5k",
    daysAgo: 3,
    closesIn: 14,
    company: "Soylent",
    stage: "Demo",
    lost: "Chose a cheaper tool; revisit in Q3",
  },
];

/** Tasks of the won deal's project finished, then claimed and in progress. */
const TASKS_DONE = 8;
const TASKS_IN_PROGRESS = 2;

export interface DemoDataOptions {
  driver: SlackDriver;
  emulator: SlackEmulator;
  /** Waits for the app's background work and queued Slack messages. */
  settle: () => Promise<void>;
  /** Sets the app's clock back this many days (0: now), so the deals get their history. */
  travelTo?: (daysAgo: number) => void;
  /** Told the demo's read-write API token (its secret is shown once, so the sandbox keeps it). */
  onApiToken?: (secret: string) => void;
}

export async function seedDemoData(
  options: DemoDataOptions,
  progress: (text: string) => void = () => {},
): Promise<string> {
  const { driver, emulator, settle } = options;
  if (emulator.messages(DemoChannels.sales).length > 0)
    return "The workspace already has deals; no demo data added.";
  const must = (what: string, response: DriverResponse) => {
    if (response.status !== 200 || response.outcome.kind === "rejected")
      throw new Error(`${what}: the app answered ${response.status} (${response.outcome.kind})`);
  };

  const travelTo = options.travelTo ?? (() => {});
  const createDeal = async (deal: DemoDeal, closeDate: string, index: number) => {
    const text = `new ${deal.text} ${closeDate}`;
    must(`/deal ${text}`, await driver.command(deal.owner, "/deal", text, { channelId: DemoChannels.sales }));
    await emulator.waitFor(() => emulator.openModal(deal.owner), { description: "the New deal form" });
    const values: Record<string, SubmitValue> = { Company: deal.company, Stage: deal.stage };
    if (deal.contacts) values.Contacts = deal.contacts;
    if (deal.nextStep) values["Next step"] = deal.nextStep;
    must(`creating ${deal.company}`, await driver.submitView(deal.owner, values));
    progress(`Deal ${index + 1} of ${DEALS.length}: ${deal.company}`);
  };
  const moveDeal = async (deal: DemoDeal, ref: string) =>
    must(
      `moving ${ref}`,
      await driver.command(deal.owner, "/deal", `move ${ref} ${deal.moveTo}`, {
        channelId: DemoChannels.sales,
      }),
    );
  const loseDeal = async (deal: DemoDeal, ref: string) => {
    must(
      `losing ${ref}`,
      await driver.command(deal.owner, "/deal", `lost ${ref}`, { channelId: DemoChannels.sales }),
    );
    await emulator.waitFor(() => emulator.openModal(deal.owner), { description: "the Deal lost form" });
    must(`losing ${ref}`, await driver.submitView(deal.owner, { Reason: deal.lost! }));
  };
  const noteOnFirstDeal = async () =>
    must(
      "a note on D-1",
      await driver.command(DemoPeople.ana, "/deal", "note D-1 They need SSO on day one; IT signs off", {
        channelId: DemoChannels.sales,
      }),
    );

  // Each deal made on its day, moved on or lost halfway to today, in the order it all happened.
  const today = todayIn("UTC", new Date());
  const events = DEALS.flatMap((deal, index) => {
    const ref = `D-${index + 1}`;
    const later = Math.floor(deal.daysAgo / 2);
    return [
      { day: deal.daysAgo, run: () => createDeal(deal, addDays(today, deal.closesIn), index) },
      ...(deal.moveTo ? [{ day: later, run: () => moveDeal(deal, ref) }] : []),
      ...(deal.lost ? [{ day: later, run: () => loseDeal(deal, ref) }] : []),
    ];
  });
  events.push({ day: 2, run: () => noteOnFirstDeal() });
  events.sort((a, b) => b.day - a.day);

  try {
    for (const event of events) {
      travelTo(event.day);
      await event.run();
      // Done by the day it happened, before the clock moves on.
      await settle();
    }
    travelTo(1);
    await winFirstDeal();
  } finally {
    travelTo(0);
  }
  await finishSomeTasks();

  // A lead source, so leads can be tried at once: Sam (admin) sees its hook URL and a curl
  // example privately in #sales.
  must(
    "/handoff leads add",
    await driver.command(DemoPeople.admin, "/handoff", "leads add Website form", {
      channelId: DemoChannels.sales,
    }),
  );

  // No digest subscription here: the default weekly one (HANDOFF_DIGEST_CHANNEL) already posts
  // to #digest, and a second would have posted it twice.
  await settle();

  progress("Creating a read-write API token…");
  const secret = await createApiToken(driver, emulator, must);
  options.onApiToken?.(secret);
  return `Demo data added: ${DEALS.length} deals across the pipeline, P-1 (Initech) with ${TASKS_DONE} tasks done, the lead source "Website form" (its hook URL is in Sam's #sales) and an API token (see the API panel).`;

  async function winFirstDeal(): Promise<void> {
    progress("Winning D-1 (Initech) and handing it over to delivery…");
    must(
      "/deal won D-1",
      await driver.command(DemoPeople.ana, "/deal", "won D-1", { channelId: DemoChannels.sales }),
    );
    await emulator.waitFor(() => emulator.openModal(DemoPeople.ana), { description: "the handoff form" });
    must(
      "the handoff",
      await driver.submitView(DemoPeople.ana, {
        "Customer goals": "Onboard 400 staff in six weeks and retire the old ticket tool",
        "Commitments made": "SSO on day one; data import from the old tool; weekly check-ins",
        "Delivery lead": { user: DemoPeople.dev },
      }),
    );
    await settle();
  }

  async function finishSomeTasks(): Promise<void> {
    const parent = await emulator.waitFor(() => emulator.messages(DemoChannels.delivery)[0], {
      description: "the project thread in #delivery",
    });
    const taskMessages = (): EmulatorMessage[] =>
      emulator.messages(DemoChannels.delivery, { threadTs: parent.ts }).filter((m) => /^T-\d+ /.test(m.text));
    await emulator.waitFor(() => taskMessages().length > TASKS_DONE + TASKS_IN_PROGRESS, {
      description: "the project's task messages",
    });
    for (let i = 0; i < TASKS_DONE + TASKS_IN_PROGRESS; i++) {
      const worker = i % 2 === 0 ? DemoPeople.lena : DemoPeople.dev;
      // The next task anyone may take: tasks waiting on others offer no Claim button yet.
      const next = taskMessages().find((m) => hasButton(m, "Claim"));
      if (!next) break;
      const where = { channelId: DemoChannels.delivery, ts: next.ts };
      must(`claiming ${next.text}`, await driver.clickButton(worker, where, "Claim"));
      await settle();
      if (i < TASKS_DONE) {
        must(`finishing ${next.text}`, await driver.clickButton(worker, where, "Mark done"));
        await settle();
      }
      progress(`Delivery: task ${i + 1} of ${TASKS_DONE + TASKS_IN_PROGRESS}`);
    }
  }
}

/** An admin makes a token with `/handoff api` as a person would; the secret is read off the modal. */
async function createApiToken(
  driver: SlackDriver,
  emulator: SlackEmulator,
  must: (what: string, response: DriverResponse) => void,
): Promise<string> {
  const dm = emulator.openDm(DemoPeople.admin);
  must("/handoff api", await driver.command(DemoPeople.admin, "/handoff", "api", { channelId: dm }));
  must(
    "Create token",
    await driver.clickButton(
      DemoPeople.admin,
      { ephemeralOf: DemoPeople.admin, channelId: dm },
      "Create token",
    ),
  );
  await emulator.waitFor(() => emulator.openModal(DemoPeople.admin), {
    description: "the Create token form",
  });
  must(
    "creating the token",
    await driver.submitView(DemoPeople.admin, { Name: "Sandbox demo", Access: "Read and write" }),
  );
  const shown = JSON.stringify(emulator.openModal(DemoPeople.admin)?.blocks ?? []);
  const secret = /hnd_[A-Za-z0-9_-]{43}/.exec(shown)?.[0];
  if (!secret) throw new Error("the Create token modal showed no token");
  await driver.closeView(DemoPeople.admin);
  return secret;
}

function hasButton(message: EmulatorMessage, label: string): boolean {
  return locateElements(message.blocks ?? []).some(
    (l) => l.element.type === "button" && textOf(l.element.text) === label,
  );
}
