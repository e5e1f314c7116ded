import type { AdminService } from "../services/admin-service.ts";
import type { ApiAccessService } from "../services/api-access-service.ts";
import type { DealService } from "../services/deal-service.ts";
import type { DeliveryService } from "../services/delivery-service.ts";
import type { DigestService } from "../services/digest-service.ts";
import type { HomeService } from "../services/home-service.ts";
import type { PipelineService } from "../services/pipeline-service.ts";
import type { TemplateService } from "../services/template-service.ts";
import type { WorkspaceService } from "../services/workspace-service.ts";

/** The use cases the Slack layer calls; wired in start-handoff.ts. */
export interface SlackServices {
  readonly workspaces: WorkspaceService;
  readonly deals: DealService;
  readonly delivery: DeliveryService;
  readonly pipeline: PipelineService;
  readonly digests: DigestService;
  /** App Home. */
  readonly home: HomeService;
  /** `/handoff settings` and `/handoff stages`. */
  readonly admin: AdminService;
  /** `/handoff templates`. */
  readonly templates: TemplateService;
  /** `/handoff api`: REST API tokens. */
  readonly apiAccess: ApiAccessService;
}
