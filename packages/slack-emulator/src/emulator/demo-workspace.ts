import type { EmulatorChannelInput, EmulatorUserInput, TeamInfo } from "./types.ts";

export interface DemoWorkspace {
  team: TeamInfo;
  users: EmulatorUserInput[];
  channels: EmulatorChannelInput[];
}

export const DEMO_TEAM: TeamInfo = { id: "T0HANDOFF", name: "Handoff Demo", domain: "handoff-demo" };

/** The demo people by role, as the sandbox, its demo data and the tests refer to them. */
export const DemoPeople = {
  ana: "U0ANA",
  ben: "U0BEN",
  maya: "U0MAYA",
  dev: "U0DEV",
  lena: "U0LENA",
  admin: "U0ADMIN",
} as const;

/** The channels the app posts to, by what it posts there. */
export const DemoChannels = {
  sales: "C0SALES",
  wins: "C0WINS",
  delivery: "C0DELIVERY",
  digest: "C0DIGEST",
} as const;

/**
 * The one roster tests and the sandbox share: two reps, a manager, two delivery people and
 * an admin, spread over time zones, and the public channels the app posts to.
 */
export function createDemoWorkspace(): DemoWorkspace {
  const users: EmulatorUserInput[] = [
    person(DemoPeople.ana, "ana", "Ana Ruiz", "Europe/Madrid", "Account Executive"),
    person(DemoPeople.ben, "ben", "Ben Okafor", "America/New_York", "Account Executive"),
    person(DemoPeople.maya, "maya", "Maya Chen", "Europe/London", "Sales Manager"),
    person(DemoPeople.dev, "dev", "Dev Patel", "Asia/Kolkata", "Delivery Lead"),
    person(DemoPeople.lena, "lena", "Lena Vogel", "Europe/Berlin", "Delivery Consultant"),
    {
      ...person(DemoPeople.admin, "sam", "Sam Admin", "UTC", "Workspace Admin"),
      is_admin: true,
      is_owner: true,
    },
  ];
  const everyone = users.map((u) => u.id);
  const channel = (id: string, name: string, purpose: string): EmulatorChannelInput => ({
    id,
    name,
    members: everyone,
    bot_is_member: true,
    purpose,
  });
  return {
    team: { ...DEMO_TEAM },
    users,
    channels: [
      channel(DemoChannels.sales, "sales", "Deals in flight"),
      channel(DemoChannels.wins, "wins", "Closed-won deals"),
      channel(DemoChannels.delivery, "delivery", "Handoffs to delivery"),
      channel(DemoChannels.digest, "digest", "The weekly pipeline and delivery digest"),
    ],
  };
}

function person(id: string, name: string, realName: string, tz: string, title: string): EmulatorUserInput {
  return {
    id,
    name,
    real_name: realName,
    display_name: realName.split(" ")[0]!,
    email: `${name}@handoff-demo.test`,
    tz,
    title,
  };
}
