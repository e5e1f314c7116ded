import type { AdminService } from "../services/admin-service.ts";
import type { DealService } from "../services/deal-service.ts";
import type { DeliveryService } from "../services/delivery-service.ts";
import type { DigestService } from "../services/digest-service.ts";
import type { ExportService } from "../services/export-service.ts";
import type { HomeService } from "../services/home-service.ts";
import type { ImportService } from "../services/import-service.ts";
import type { LeadService } from "../services/lead-service.ts";
import type { PipelineService } from "../services/pipeline-service.ts";
import type { TemplateService } from "../services/template-service.ts";
import type { WebhookService } from "../services/webhook-service.ts";
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
  /** `/deal export`: deals as a CSV file (the REST API can serve the same). */
  readonly exports: ExportService;
  /** `/handoff import`: deals from a CSV file. */
  readonly imports: ImportService;
  /** `/handoff templates`. */
  readonly templates: TemplateService;
  /** Leads in: the New lead message, Take it, and `/handoff leads`. */
  readonly leads: LeadService;
  /** `/handoff webhooks`. */
  readonly webhooks: WebhookService;
}
