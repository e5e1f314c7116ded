import type { DailyDigest } from "../../src/domain/digest.ts";

/** Ana's daily digest on Mon 30 Nov: one deal past its close date without a next step, one overdue task. */
export const ANA_DAILY_DIGEST: DailyDigest = {
  kind: "daily",
  userId: "U0ANA",
  today: "2026-11-30",
  deals: {
    count: 1,
    items: [
      {
        number: 2,
        name: "Acme",
        ownerId: "U0ANA",
        amount: "12000",
        currency: "GBP",
        stageName: "Demo",
        closeDate: "2026-11-20",
        reasons: ["past_close", "no_next_step"],
      },
    ],
  },
  tasks: {
    count: 1,
    items: [
      {
        number: 4,
        title: "Kickoff call",
        projectNumber: 1,
        projectName: "Acme onboarding",
        dueDate: "2026-11-27",
      },
    ],
  },
};
