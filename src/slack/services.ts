import type { DealService } from "../services/deal-service.ts";
import type { DeliveryService } from "../services/delivery-service.ts";
import type { PipelineService } from "../services/pipeline-service.ts";
import type { WorkspaceService } from "../services/workspace-service.ts";

/** The use cases the Slack layer calls; wired in start-handoff.ts. */
export interface SlackServices {
  readonly workspaces: WorkspaceService;
  readonly deals: DealService;
  readonly delivery: DeliveryService;
  readonly pipeline: PipelineService;
}
