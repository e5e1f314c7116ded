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
    await handoffCommand({ services, templates, audit: vi.fn() })(args);
    expect(templates).toHaveBeenCalledWith(args);
    expect(ack).not.toHaveBeenCalled();
  });
});

describe("/handoff text with control characters", () => {
  it("is read like every other command's: stripped before the sub-command is picked", async () => {
    const { args, ack } = invocation("\u0000he\u202elp\u0007");
    await handoffCommand({ services, templates: vi.fn(), audit: vi.fn() })(args);
    expect(ack).toHaveBeenCalledWith({ response_type: "ephemeral", ...handoffHelpView() });
  });
});
