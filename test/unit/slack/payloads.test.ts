import { describe, expect, it } from "vitest";
import {
  readPayload,
  readPrivateMetadata,
  readViewState,
  STALE_BUTTON,
  writePrivateMetadata,
  ZDealModalMetadata,
  ZRecordId,
} from "../../../src/slack/payloads.ts";

describe("readPayload", () => {
  it("returns what fits the schema", () => {
    expect(readPayload(ZRecordId, "d1", STALE_BUTTON)).toBe("d1");
  });

  it.each([undefined, "", 5, null])("refuses %j as out of date, with the words it was given", (raw) => {
    expect(() => readPayload(ZRecordId, raw, STALE_BUTTON)).toThrow(
      expect.objectContaining({ name: "SlackRefusal", message: STALE_BUTTON }),
    );
  });
});

describe("private_metadata", () => {
  it("is written in the schema's order, without undefined or unknown fields", () => {
    const written = writePrivateMetadata(ZDealModalMetadata, {
      channelId: "C1",
      dealId: "d1",
      version: 3,
      opened: undefined,
    });
    expect(written).toBe('{"dealId":"d1","version":3,"channelId":"C1"}');
    expect(readPrivateMetadata(ZDealModalMetadata, written)).toEqual({
      dealId: "d1",
      version: 3,
      channelId: "C1",
    });
  });

  it("drops a field of the wrong kind and keeps the others", () => {
    expect(readPrivateMetadata(ZDealModalMetadata, '{"dealId":"d1","version":1.5}')).toEqual({
      dealId: "d1",
    });
    expect(readPrivateMetadata(ZDealModalMetadata, "[1,2]")).toEqual({});
  });
});

describe("readViewState", () => {
  it("keeps what Slack sends", () => {
    const values = { b1: { value: { type: "plain_text_input", value: "x" } } };
    expect(readViewState({ state: { values } })).toEqual(values);
  });

  it("reads null, a non-object block or a field of the wrong kind as empty", () => {
    expect(readViewState({ state: { values: null } })).toEqual({});
    expect(
      readViewState({
        state: {
          values: {
            b1: "nope",
            b2: { value: { type: "plain_text_input", value: 7, selected_date: "2026-12-02" } },
          },
        },
      }),
    ).toEqual({ b1: {}, b2: { value: { type: "plain_text_input", selected_date: "2026-12-02" } } });
  });
});
