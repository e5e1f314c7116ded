import { describe, expect, it } from "vitest";
import type { Project, Template } from "../../../src/domain/delivery.ts";
import { workspaceHolidays } from "../../../src/domain/holidays.ts";
import { AppError, AppErrorCode } from "../../../src/lib/app-error.ts";
import { DeliveryService } from "../../../src/services/delivery-service.ts";
import { appErrorText } from "../../../src/slack/error-messages.ts";
import { makeDeal, stage, TODAY } from "../slack/views/deal-fixtures.ts";
import { makeProject, makeTemplate } from "../slack/views/delivery-fixtures.ts";

/** Only what the form gate reads: the templates, a won deal's project and the holiday calendar. */
function service(options: {
  templates: Template[];
  project?: Project;
  holidays?: string[];
  holidayPreset?: string;
}): DeliveryService {
  const calendar = { holidays: options.holidays ?? [], holidayPreset: options.holidayPreset ?? null };
  return new DeliveryService({
    delivery: {
      templates: async () => options.templates,
      findByDeal: async () => options.project,
    },
    holidays: async () => workspaceHolidays(calendar),
  } as unknown as ConstructorParameters<typeof DeliveryService>[0]);
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const pilot = makeTemplate({ id: "7e000000-0000-4000-8000-000000000002", key: "pilot", isDefault: false });
const onboarding = makeTemplate();

describe("prepareWin: whether the handoff form may open, and what it opens with", () => {
  it("opens with the default template (wherever it is listed) and a kickoff a week of work away", async () => {
    const form = await service({ templates: [pilot, onboarding] }).prepareWin("T1", makeDeal(), TODAY);
    expect(form.defaultTemplateId).toBe(onboarding.id);
    expect(form.templates.map((t) => t.id)).toEqual([pilot.id, onboarding.id]);
    expect(form.kickoff).toBe("2026-12-09");
  });

  it("proposes a kickoff five working days away, skipping the workspace's own and its country's holidays", async () => {
    const form = await service({ templates: [onboarding], holidays: ["2026-12-08"] }).prepareWin(
      "T1",
      makeDeal(),
      TODAY,
    );
    expect(form.kickoff).toBe("2026-12-10");
    const later = await service({ templates: [onboarding], holidayPreset: "US" }).prepareWin(
      "T1",
      makeDeal(),
      "2026-12-21",
    );
    // Five working days from Monday 21 December, with Christmas Day off: Tuesday 29 December.
    expect(later.kickoff).toBe("2026-12-29");
  });

  it("a won deal is not won again: it names its project", async () => {
    const won = makeDeal({ number: 7, stage: stage("won") });
    const withProject = await refusal(
      service({ templates: [onboarding], project: makeProject({ number: 3 }) }).prepareWin("T1", won, TODAY),
    );
    expect(withProject.reason).toBe("deal.already_won");
    expect(withProject.code).toBe(AppErrorCode.Conflict);
    expect(appErrorText(withProject)).toBe("D-7 is already won and handed over as P-3.");
  });

  it("a deal won elsewhere (the API) without its project yet opens the form, to do the handoff", async () => {
    const won = makeDeal({ number: 7, stage: stage("won") });
    const form = await service({ templates: [onboarding] }).prepareWin("T1", won, TODAY);
    expect(form.deal).toBe(won);
    expect(form.defaultTemplateId).toBe(onboarding.id);
  });

  it("a deal without amount or close date is sent to Edit first", async () => {
    const noAmount = await refusal(
      service({ templates: [onboarding] }).prepareWin("T1", makeDeal({ number: 7, amount: null }), TODAY),
    );
    expect(noAmount.code).toBe(AppErrorCode.InvalidInput);
    expect(appErrorText(noAmount)).toBe(
      "Won needs amount on D-7 — add it with `/deal edit D-7`, then win it.",
    );
    const neither = await refusal(
      service({ templates: [onboarding] }).prepareWin(
        "T1",
        makeDeal({ number: 7, amount: null, expectedCloseDate: null }),
        TODAY,
      ),
    );
    expect(appErrorText(neither)).toBe(
      "Won needs amount and close date on D-7 — add them with `/deal edit D-7`, then win it.",
    );
  });
});

describe("the kickoff date is checked first, by the service, for a handoff and a new project", () => {
  const actor = { teamId: "T1", userId: "U0ANA", role: "member" } as never;
  const handoff = { goals: "", commitments: "", keyContacts: "", templateId: "", deliveryLeadId: null };
  it.each(["", "2026-02-30", "next week"])(
    "refuses the kickoff %j next to its field",
    async (kickoffDate) => {
      for (const attempt of [
        () => service({ templates: [] }).winDeal(actor, "deal", { ...handoff, kickoffDate }),
        () =>
          service({ templates: [] }).createProject(
            actor,
            { name: "", customer: null, kickoffDate, templateId: "", deliveryLeadId: null, goals: null },
            "key",
          ),
      ]) {
        const error = await refusal(attempt());
        expect(error.reason).toBe("handoff.kickoff_required");
        expect(error.details).toEqual({ field: "kickoff" });
        expect(appErrorText(error)).toBe("Pick the kickoff date.");
      }
    },
  );
});
