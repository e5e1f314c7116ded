import { describe, expect, it, vi } from "vitest";
import { AppError } from "../../../../src/lib/app-error.ts";
import { WebhookAction, WebhookView } from "../../../../src/slack/ids.ts";
import { webhookAddClicked } from "../../../../src/slack/listeners/connect/actions/webhook-add-clicked.ts";
import { webhookToggleClicked } from "../../../../src/slack/listeners/connect/actions/webhook-toggle-clicked.ts";
import { webhookAddSubmitted } from "../../../../src/slack/listeners/connect/views/webhook-add-submitted.ts";
import { addWebhookModal } from "../../../../src/slack/views/webhooks.ts";
import { ANA, call, fakeButton, fakeDeps, fakeSubmission } from "./fake-args.ts";

const ENDPOINT = {
  id: "0b7f1c7e-9d2a-4e55-8a5b-6a1f0c2d3e4f",
  teamId: ANA.teamId,
  number: 1,
  url: "https://hooks.example.com/in",
  events: ["deal.won" as const],
  enabled: true,
  disabledAt: null,
  disabledReason: null,
  failingSince: null,
  createdById: ANA.userId,
  createdAt: new Date("2026-12-01T10:00:00Z"),
};

describe("Add endpoint on the webhooks list (action)", () => {
  it("checks the person may manage webhooks, then opens the form with the click's trigger_id", async () => {
    const webhooks = { assertCanManage: vi.fn(async () => {}) };
    const args = fakeButton(WebhookAction.Add, "add");
    await call(webhookAddClicked(fakeDeps({ webhooks })), args);
    expect(webhooks.assertCanManage).toHaveBeenCalledWith(ANA);
    expect(args.client.views.open).toHaveBeenCalledWith({
      trigger_id: "trigger.2",
      view: addWebhookModal({ channelId: "C0SALES" }),
    });
  });

  it("opens nothing for someone who may not", async () => {
    const refusal = new AppError("admin.required", { action: "manage_webhooks", admins: ["U0ADMIN"] });
    const webhooks = { assertCanManage: vi.fn(async () => Promise.reject(refusal)) };
    const args = fakeButton(WebhookAction.Add, "add");
    await expect(call(webhookAddClicked(fakeDeps({ webhooks })), args)).rejects.toBe(refusal);
    expect(args.client.views.open).not.toHaveBeenCalled();
  });
});

describe("Add on the endpoint form (view submission)", () => {
  const form = (url: string, events: string[]) =>
    fakeSubmission(
      WebhookView.Add,
      {
        webhook_url: { value: { type: "plain_text_input", value: url } },
        webhook_events: {
          value: { type: "checkboxes", selected_options: events.map((value) => ({ value })) },
        },
      },
      JSON.stringify({ channelId: "C0SALES" }),
    );

  it("says a refused URL next to the URL field and keeps the form open", async () => {
    const webhooks = {
      add: vi.fn(async () =>
        Promise.reject(
          new AppError("webhook.url_invalid", {
            field: "url",
            url: "http://x.example",
            problem: "not_https",
          }),
        ),
      ),
    };
    const args = form("http://x.example", ["deal.won"]);
    await call(webhookAddSubmitted(fakeDeps({ webhooks })), args);
    expect(webhooks.add).toHaveBeenCalledWith(ANA, { url: "http://x.example", events: ["deal.won"] });
    expect(args.ack).toHaveBeenCalledWith({
      response_action: "errors",
      errors: { webhook_url: expect.stringMatching(/must start with https:\/\//) },
    });
  });

  it("closes the form and shows the secret once, with the list", async () => {
    const webhooks = {
      add: vi.fn(async () => ({ endpoint: ENDPOINT, secret: "whsec_abc" })),
      list: vi.fn(async () => [{ endpoint: ENDPOINT, recent: [] }]),
    };
    const args = form(ENDPOINT.url, ["deal.won"]);
    await call(webhookAddSubmitted(fakeDeps({ webhooks })), args);
    expect(args.ack).toHaveBeenCalledWith();
    const posted = JSON.stringify(args.client.chat.postEphemeral.mock.calls[0]?.[0]);
    expect(posted).toContain("whsec_abc");
    expect(posted).toContain("shown only this once");
  });
});

describe("Disable on the webhooks list (action)", () => {
  it("disables the endpoint named by the button and redraws the list in place", async () => {
    const webhooks = {
      setEnabled: vi.fn(async () => ({ ...ENDPOINT, enabled: false })),
      list: vi.fn(async () => [{ endpoint: { ...ENDPOINT, enabled: false }, recent: [] }]),
    };
    const args = fakeButton(WebhookAction.Disable, ENDPOINT.id);
    await call(webhookToggleClicked(fakeDeps({ webhooks }), false), args);
    expect(webhooks.setEnabled).toHaveBeenCalledWith(ANA, ENDPOINT.id, false);
    expect(args.respond).toHaveBeenCalledWith(
      expect.objectContaining({ replace_original: true, text: expect.stringMatching(/^W-1 is disabled/) }),
    );
  });
});
