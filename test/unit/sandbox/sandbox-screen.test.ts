import {
  createDemoWorkspace,
  type EmulatorStateData,
  EmulatorStore,
  stateFromRaw,
} from "@handoff/slack-emulator";
import { describe, expect, it } from "vitest";
import { escapeCommandText } from "../../../src/sandbox/web/command-text.ts";
import { buildScreen } from "../../../src/sandbox/web/screen.ts";

/** The demo workspace as plain state, with messages written straight into it. */
function workspace(): EmulatorStateData {
  const store = new EmulatorStore({
    team: { id: "T0HANDOFF", name: "Handoff Demo", domain: "handoff-demo" },
    bot: { userId: "U0BOT", botId: "B0BOT", appId: "A0APP", name: "handoff" },
    now: () => Date.UTC(2026, 10, 24, 12, 0),
    triggerTtlMs: 3000,
  });
  const demo = createDemoWorkspace();
  for (const user of demo.users) store.addUser(user);
  for (const channel of demo.channels) store.addChannel(channel);
  return structuredClone(store.state);
}

function message(ts: string, blocks: unknown[], extra: Record<string, unknown> = {}) {
  return {
    type: "message" as const,
    ts,
    text: "fallback",
    user: "U0BOT",
    team: "T0HANDOFF",
    blocks,
    ...extra,
  };
}

describe("the screen", () => {
  it("draws a block it does not know as a visible placeholder, never as JSON", () => {
    const state = workspace();
    state.messages.C0SALES!.push(
      message("1795521900.000100", [
        { type: "video", title: { type: "plain_text", text: "Demo" }, video_url: "https://x.example" },
        { type: "section", text: { type: "mrkdwn", text: "*after*" } },
      ]),
    );
    const { pane } = buildScreen(state, { userId: "U0ANA", open: "C0SALES" });
    expect(pane.html).toContain('data-unknown-type="video"');
    expect(pane.html).toContain("Unsupported block: video");
    expect(pane.html).toContain("<b>after</b>");
    expect(pane.html).not.toContain('"type"');
  });

  it("shows an ephemeral message to its person only, marked as such", () => {
    const state = workspace();
    state.ephemerals.push({
      ts: "1795521900.000200",
      channel: "C0SALES",
      recipient: "U0ANA",
      text: "Only for Ana",
      user: "U0BOT",
      bot_id: "B0BOT",
      app_id: "A0APP",
      via: "command_ack",
    });
    expect(buildScreen(state, { userId: "U0ANA", open: "C0SALES" }).pane.html).toMatch(
      /Only for Ana.*Only visible to you/,
    );
    expect(buildScreen(state, { userId: "U0BEN", open: "C0SALES" }).pane.html).not.toContain("Only for Ana");
  });

  it("keeps replies in the thread and counts them on the parent", () => {
    const state = workspace();
    state.messages.C0DELIVERY!.push(
      message("1795521900.000300", [], { text: "P-1 parent", reply_count: 1 }),
      message("1795521900.000400", [], { text: "T-1 a task", thread_ts: "1795521900.000300" }),
    );
    const screen = buildScreen(state, { userId: "U0DEV", open: "C0DELIVERY", threadTs: "1795521900.000300" });
    expect(screen.pane.html).toContain("P-1 parent");
    expect(screen.pane.html).not.toContain("T-1 a task");
    expect(screen.pane.html).toContain('data-open-thread="1795521900.000300">1 reply<');
    expect(screen.thread?.html).toMatch(/P-1 parent.*T-1 a task/);
  });

  it("shows times in the viewer's own time zone", () => {
    const state = workspace();
    state.messages.C0SALES!.push(message("1795521600.000000", [], { text: "hello" }));
    // 2026-11-24 12:00 UTC: Ana is in Madrid (+1), Dev in Kolkata (+5:30).
    expect(buildScreen(state, { userId: "U0ANA", open: "C0SALES" }).pane.html).toContain(">13:00<");
    expect(buildScreen(state, { userId: "U0DEV", open: "C0SALES" }).pane.html).toContain(">17:30<");
  });

  it("offers the demo data only while nothing has been posted", () => {
    const state = workspace();
    expect(buildScreen(state, { userId: "U0ANA", open: "C0SALES" }).empty).toBe(true);
    state.messages.C0WINS!.push(message("1795521900.000500", [], { text: "won" }));
    expect(buildScreen(state, { userId: "U0ANA", open: "C0SALES" }).empty).toBe(false);
  });

  it("has an empty Messages tab before the app ever wrote to the person", () => {
    const { pane, appDm } = buildScreen(workspace(), { userId: "U0LENA", open: "dm" });
    expect(appDm.id).toBe("dm");
    expect(pane).toMatchObject({ kind: "channel", title: "Handoff" });
    expect(pane.html).toContain("No messages from the app yet.");
  });

  it("draws the top modal with its errors, and changes its key when they change", () => {
    const state = workspace();
    const view = {
      id: "V1",
      team_id: "T0HANDOFF",
      type: "modal" as const,
      blocks: [
        {
          type: "input",
          block_id: "company",
          label: { type: "plain_text", text: "Company" },
          element: { type: "plain_text_input", action_id: "value" },
        },
      ],
      private_metadata: "",
      callback_id: "deal.new",
      external_id: "",
      state: { values: {} },
      hash: "h1",
      clear_on_close: false,
      notify_on_close: false,
      root_view_id: "V1",
      previous_view_id: null,
      app_id: "A0APP",
      app_installed_team_id: "T0HANDOFF",
      bot_id: "B0BOT",
      title: { type: "plain_text", text: "New deal" },
      submit: { type: "plain_text", text: "Create" },
      user_id: "U0ANA",
    };
    state.views.V1 = view;
    state.modalStacks.U0ANA = ["V1"];
    const before = buildScreen(state, { userId: "U0ANA", open: "C0SALES" }).modal!;
    expect(before).toMatchObject({
      viewId: "V1",
      title: "New deal",
      submit: "Create",
      close: "Cancel",
      depth: 1,
    });
    expect(buildScreen(state, { userId: "U0BEN", open: "C0SALES" }).modal).toBeNull();

    state.views.V1 = { ...view, errors: { company: "Please fill in the company." } };
    const after = buildScreen(state, { userId: "U0ANA", open: "C0SALES" }).modal!;
    expect(after.key).not.toBe(before.key);
    expect(after.html).toContain("Please fill in the company.");
  });
});

describe("command text as Slack escapes it", () => {
  const state = workspace();
  const directory = {
    people: Object.values(state.users),
    channelNamed: (name: string) => Object.values(state.channels).find((c) => !c.is_im && c.name === name),
  };

  it("turns @people and #channels into Slack's references and escapes the rest", () => {
    expect(escapeCommandText("new Acme 12k @ana for #sales <b> & co", directory)).toBe(
      "new Acme 12k <@U0ANA|ana> for <#C0SALES|sales> &lt;b&gt; &amp; co",
    );
  });

  it("leaves what is not a person or a channel alone", () => {
    expect(escapeCommandText("mail ana@acme.example about @nobody and #nowhere", directory)).toBe(
      "mail ana@acme.example about @nobody and #nowhere",
    );
  });
});

describe("page values to Slack's view state", () => {
  const select = {
    type: "static_select",
    action_id: "stage",
    options: [
      { text: { type: "plain_text", text: "Demo" }, value: "s-demo" },
      { text: { type: "plain_text", text: "Won" }, value: "s-won" },
    ],
  };

  it("finds a static option by its value", () => {
    expect(stateFromRaw(select, "s-won")).toEqual({
      type: "static_select",
      selected_option: { text: { type: "plain_text", text: "Won" }, value: "s-won" },
    });
    expect(stateFromRaw(select, null)).toEqual({ type: "static_select", selected_option: null });
  });

  it("keeps typed text as typed and empties to null", () => {
    const input = { type: "plain_text_input", action_id: "v" };
    expect(stateFromRaw(input, "  spaced ")).toEqual({ type: "plain_text_input", value: "  spaced " });
    expect(stateFromRaw(input, "")).toEqual({ type: "plain_text_input", value: null });
  });

  it("reads several users, checkboxes and dates", () => {
    expect(stateFromRaw({ type: "multi_users_select", action_id: "u" }, ["U0ANA", "U0BEN"])).toEqual({
      type: "multi_users_select",
      selected_users: ["U0ANA", "U0BEN"],
    });
    expect(stateFromRaw({ ...select, type: "checkboxes" }, ["s-demo", "unknown"])).toEqual({
      type: "checkboxes",
      selected_options: [{ text: { type: "plain_text", text: "Demo" }, value: "s-demo" }],
    });
    expect(stateFromRaw({ type: "datepicker", action_id: "d" }, "2026-12-01")).toEqual({
      type: "datepicker",
      selected_date: "2026-12-01",
    });
    expect(stateFromRaw({ type: "button", action_id: "b" }, "x")).toBeUndefined();
  });
});
