import { describe, expect, it } from "vitest";
import { ChannelPacer, channelOfOrderingKey } from "../../../src/jobs/channel-pacer.ts";

/** A pacer on a virtual clock: sleeping advances time instead of waiting. */
function virtualPacer(burst: number, perSecond: number) {
  let now = 0;
  const pacer = new ChannelPacer(
    { burst, perSecond },
    () => now,
    async (ms) => {
      now += ms;
    },
  );
  return { pacer, now: () => now };
}

describe("ChannelPacer", () => {
  it("lets a burst through at once, then one per second per channel", async () => {
    const { pacer, now } = virtualPacer(3, 1);
    const times: number[] = [];
    for (let i = 0; i < 6; i++) {
      await pacer.take("C1");
      times.push(now());
    }
    expect(times).toEqual([0, 0, 0, 1000, 2000, 3000]);
  });

  it("paces channels independently", async () => {
    const { pacer, now } = virtualPacer(1, 1);
    await pacer.take("C1");
    await pacer.take("C2");
    expect(now()).toBe(0);
    await pacer.take("C1");
    expect(now()).toBe(1000);
  });

  it("serves concurrent callers of one channel in arrival order", async () => {
    const { pacer } = virtualPacer(1, 2);
    const order: number[] = [];
    await Promise.all([0, 1, 2, 3].map((i) => pacer.take("C1").then(() => order.push(i))));
    expect(order).toEqual([0, 1, 2, 3]);
  });

  it("reads the channel from an effect's ordering key", () => {
    expect(channelOfOrderingKey("C0SALES:deal:abc")).toBe("C0SALES");
    expect(channelOfOrderingKey("C0DELIVERY:project:xyz")).toBe("C0DELIVERY");
    expect(channelOfOrderingKey("dm:U0ANA")).toBe("dm:U0ANA");
    // App Home refreshes are per person, not one shared "home" channel.
    expect(channelOfOrderingKey("home:U0ANA")).toBe("home:U0ANA");
  });
});

describe("ChannelPacer.hold", () => {
  it("lets nothing into a rate-limited channel until the hold ends, then one at a time", async () => {
    const { pacer, now } = virtualPacer(3, 1);
    await pacer.take("C1");
    pacer.hold("C1", 5_000);
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      await pacer.take("C1");
      times.push(now());
    }
    expect(times).toEqual([5_000, 6_000, 7_000]);
    // Another channel is not held.
    await pacer.take("C2");
    expect(now()).toBe(7_000);
  });
});
