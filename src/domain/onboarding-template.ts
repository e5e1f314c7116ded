import type { TemplateDefinition, TemplateTask } from "./delivery.ts";

/**
 * The customer-onboarding template every workspace starts with. Offsets count
 * days from kickoff and never decrease down the list, so the thread reads in date order;
 * every dependency names an earlier task.
 */

function task(
  key: string,
  title: string,
  ownerRole: string,
  dueOffsetDays: number,
  dependsOn: readonly string[] = [],
): TemplateTask {
  return { key, title, ownerRole, dueOffsetDays, dependsOn };
}

/** Go-live, in days after kickoff: the Adopt phase counts from it. */
const GO_LIVE = 28;

export const DEFAULT_ONBOARDING_TEMPLATE: {
  readonly key: "customer-onboarding";
  readonly name: "Customer onboarding";
  readonly description: string;
  readonly definition: TemplateDefinition;
} = {
  key: "customer-onboarding",
  name: "Customer onboarding",
  description:
    "From the signed deal to a customer getting value: handoff, kickoff, setup, go-live and the first 90 days.",
  definition: {
    phases: [
      {
        name: "Handoff",
        tasks: [
          // Sales walks delivery through the deal before anyone talks to the customer.
          task("handoff-call", "Handoff call", "sales", -3),
          task("welcome-email", "Welcome email", "delivery lead", -2, ["handoff-call"]),
          // Finance invoices from the signed deal; it needn't wait for anyone.
          task("first-invoice", "First invoice", "finance", -2),
        ],
      },
      {
        name: "Kickoff",
        tasks: [
          task("schedule-kickoff", "Schedule kickoff", "delivery lead", -2, ["handoff-call"]),
          task("kickoff-meeting", "Kickoff meeting and success criteria", "delivery lead", 0, [
            "schedule-kickoff",
          ]),
          task("stakeholder-map", "Stakeholder map", "consultant", 2, ["kickoff-meeting"]),
        ],
      },
      {
        name: "Setup",
        tasks: [
          task("provision-access", "Provision access", "consultant", 3, ["kickoff-meeting"]),
          task("integrations-and-data-import", "Integrations and data import", "consultant", 10, [
            "provision-access",
          ]),
          task("validate-data", "Validate data", "consultant", 14, ["integrations-and-data-import"]),
          // The customer's stakeholders sign off, so they must be known first.
          task("configuration-sign-off", "Configuration sign-off", "delivery lead", 17, [
            "validate-data",
            "stakeholder-map",
          ]),
        ],
      },
      {
        name: "Go-live",
        tasks: [
          task("admin-training", "Admin training", "consultant", 21, ["configuration-sign-off"]),
          task("user-training", "User training", "consultant", 24, ["admin-training"]),
          task("go-live-checklist", "Go-live checklist", "delivery lead", 26, ["user-training"]),
          task("go-live", "Go-live", "delivery lead", GO_LIVE, [
            "go-live-checklist",
            "configuration-sign-off",
          ]),
        ],
      },
      {
        name: "Adopt",
        tasks: [
          task("30-day-check-in", "30-day check-in", "customer success", GO_LIVE + 30, ["go-live"]),
          task("first-value-milestone", "First-value milestone", "customer success", GO_LIVE + 45, [
            "go-live",
          ]),
          task("90-day-review", "90-day review", "customer success", GO_LIVE + 90, [
            "30-day-check-in",
            "first-value-milestone",
          ]),
        ],
      },
    ],
  },
};

/** The templates every workspace is seeded with on first use: the default onboarding template. */
export const SEEDED_TEMPLATES = [{ ...DEFAULT_ONBOARDING_TEMPLATE, isDefault: true }] as const;
