import type { DatabaseProbe } from "./ports.ts";

export interface HealthReport {
  ok: boolean;
  database: "up" | "down";
}

export class HealthService {
  constructor(private readonly probe: DatabaseProbe) {}

  async check(): Promise<HealthReport> {
    const up = await this.probe.isReachable(1_000);
    return { ok: up, database: up ? "up" : "down" };
  }
}
