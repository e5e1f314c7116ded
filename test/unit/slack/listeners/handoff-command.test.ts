import { describe, expect, it, vi } from "vitest";
import { handoffCommand } from "../../../../src/slack/listeners/admin/commands/handoff.ts";
import { handoffHelpView } from "../../../../src/slack/views/help.ts";

type Args = Parameters<ReturnType<typeof handoffCommand>>[0];

function invocation(text: string) {
  const ack = vi.fn(async (_response?: unknown) => {});
  const args = { command: { text, command: "/handoff" }, ack } as unknown as Args;
  return { args, ack };
}

// The admin services are never reached by these sub-commands.
const services = {} as Parameters<typeof handoffCommand>[0]["services"];

describe("/handoff templates", () => {
  it("is handed to the templates handler when one is wired", async () => {
    const templates = vi.fn(async (_args: Args) => {});
    const { args, ack } = invocation("templates");
    await handoffCommand({ services, delegated: { ...delegated(), templates } })(args);
    expect(templates).toHaveBeenCalledWith(args);
    expect(ack).not.toHaveBeenCalled();
  });
});

describe("/handoff webhooks", () => {
  it("is handed to the webhooks handler", async () => {
    const webhooks = vi.fn(async (_args: Args) => {});
    const { args, ack } = invocation("Webhooks");
    await handoffCommand({ services, delegated: { ...delegated(), webhooks } })(args);
    expect(webhooks).toHaveBeenCalledWith(args);
    expect(ack).not.toHaveBeenCalled();
  });
});

describe("/handoff api", () => {
  it("is handed to the API tokens handler", async () => {
    const api = vi.fn(async (_args: Args) => {});
    const { args, ack } = invocation("API");
    await handoffCommand({ services, delegated: { ...delegated(), api } })(args);
    expect(api).toHaveBeenCalledWith(args);
    expect(ack).not.toHaveBeenCalled();
  });
});

describe("/handoff text with control characters", () => {
  it("is read like every other command's: stripped before the sub-command is picked", async () => {
    const { args, ack } = invocation("\u0000he\u202elp\u0007");
    await handoffCommand({ services, delegated: delegated() })(args);
    expect(ack).toHaveBeenCalledWith({ response_type: "ephemeral", ...handoffHelpView() });
  });
});

function delegated() {
  return {
    templates: vi.fn(),
    audit: vi.fn(),
    import: vi.fn(),
    leads: vi.fn(),
    webhooks: vi.fn(),
    api: vi.fn(),
  };
}
