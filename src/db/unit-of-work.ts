import { type Clock, systemClock } from "../lib/clock.ts";
import type { TransactionRepositories, UnitOfWork } from "../services/ports.ts";
import type { PrismaClient } from "./client.ts";
import { isDatabaseUnavailable } from "./database-errors.ts";
import { PrismaDealImportStore } from "./deal-import-repository.ts";
import {
  PrismaAuditRepository,
  PrismaDealRepository,
  PrismaEffectQueue,
  PrismaProcessedRequests,
} from "./deal-repository.ts";
import { PrismaDeliveryRepository } from "./delivery-repository.ts";
import { PrismaLeadRepository } from "./lead-repository.ts";
import { PrismaStageRepository } from "./stage-repository.ts";
import { PrismaTemplateRepository } from "./template-repository.ts";
import { PrismaWebhookOutbox } from "./webhook-repository.ts";
import { PrismaPersonRepository, PrismaWorkspaceRepository } from "./workspace-repository.ts";

const RETRIES_ON_LOST_CONNECTION = 2;

export class PrismaUnitOfWork implements UnitOfWork {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly clock: Clock = systemClock,
    private readonly maxWaitMs = 2_000,
  ) {}

  /**
   * Runs the work in one transaction. When its connection is lost (the server restarted, a
   * backend was terminated, the pool handed out a dead client) the transaction did not
   * commit, so it is run again on a fresh connection, twice at most: otherwise acknowledged
   * work would end in "try again" and never be done (the chaos test's terminated-connections
   * run lost 13-29 of 280 acknowledged requests). Work is safe to repeat: creations, moves and
   * notes are keyed by their request, claims are conditional.
   */
  async run<T>(work: (repos: TransactionRepositories) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.runOnce(work);
      } catch (error) {
        if (attempt > RETRIES_ON_LOST_CONNECTION || !isDatabaseUnavailable(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * 3 ** (attempt - 1)));
      }
    }
  }

  private runOnce<T>(work: (repos: TransactionRepositories) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(
      (tx) =>
        work({
          deals: new PrismaDealRepository(tx),
          delivery: new PrismaDeliveryRepository(tx),
          audit: new PrismaAuditRepository(tx),
          effects: new PrismaEffectQueue(tx, this.clock),
          requests: new PrismaProcessedRequests(tx),
          templates: new PrismaTemplateRepository(tx),
          workspaces: new PrismaWorkspaceRepository(tx),
          people: new PrismaPersonRepository(tx),
          stages: new PrismaStageRepository(tx),
          imports: new PrismaDealImportStore(tx),
          leads: new PrismaLeadRepository(tx),
          webhooks: new PrismaWebhookOutbox(tx),
        }),
      // Waiting for a connection: as long as the pool lets a query wait (DatabaseOptions.waitMs),
      // so under load acknowledged work waits its turn. Running: a row lock may make one wait
      // for another, not for long.
      { maxWait: this.maxWaitMs, timeout: 10_000 },
    );
  }
}
