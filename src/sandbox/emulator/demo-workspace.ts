import type { EmulatorChannelInput, EmulatorUserInput, TeamInfo } from "./types.ts";

export interface DemoWorkspace {
  team: TeamInfo;
  users: EmulatorUserInput[];
  channels: EmulatorChannelInput[];
}

export const DEMO_TEAM: TeamInfo = { id: "T0HANDOFF", name: "Handoff Demo", domain: "handoff-demo" };

/**
 * The one roster tests and the sandbox share: two reps, a manager, two delivery people and
 * an admin, spread over time zones, and the public channels the app posts to.
 */
export function createDemoWorkspace(): DemoWorkspace {
  const users: EmulatorUserInput[] = [
    person("U0ANA", "ana", "Ana Ruiz", "Europe/Madrid", "Account Executive"),
    person("U0BEN", "ben", "Ben Okafor", "America/New_York", "Account Executive"),
    person("U0MAYA", "maya", "Maya Chen", "Europe/London", "Sales Manager"),
    person("U0DEV", "dev", "Dev Patel", "Asia/Kolkata", "Delivery Lead"),
    person("U0LENA", "lena", "Lena Vogel", "Europe/Berlin", "Delivery Consultant"),
    { ...person("U0ADMIN", "sam", "Sam Admin", "UTC", "Workspace Admin"), is_admin: true, is_owner: true },
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
      channel("C0SALES", "sales", "Deals in flight"),
      channel("C0WINS", "wins", "Closed-won deals"),
      channel("C0DELIVERY", "delivery", "Handoffs to delivery"),
      channel("C0DIGEST", "digest", "Daily digest"),
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
