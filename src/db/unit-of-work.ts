import { type Clock, systemClock } from "../lib/clock.ts";
import type { TransactionRepositories, UnitOfWork } from "../services/ports.ts";
import type { PrismaClient } from "./client.ts";
import {
  PrismaAuditRepository,
  PrismaDealRepository,
  PrismaEffectQueue,
  PrismaProcessedRequests,
} from "./deal-repository.ts";
import { PrismaDeliveryRepository } from "./delivery-repository.ts";
import { PrismaStageRepository } from "./stage-repository.ts";
import { PrismaTemplateRepository } from "./template-repository.ts";
import { PrismaPersonRepository, PrismaWorkspaceRepository } from "./workspace-repository.ts";

export class PrismaUnitOfWork implements UnitOfWork {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly clock: Clock = systemClock,
    private readonly maxWaitMs = 2_000,
  ) {}

  run<T>(work: (repos: TransactionRepositories) => Promise<T>): Promise<T> {
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
        }),
      // Waiting for a connection: as long as the pool lets a query wait (DatabaseOptions.waitMs),
      // so under load acknowledged work waits its turn. Running: a row lock may make one wait
      // for another, not for long.
      { maxWait: this.maxWaitMs, timeout: 10_000 },
    );
  }
}
