import { type CalendarDate, todayIn } from "../domain/dates.ts";
import { compareUrgency, type Deal } from "../domain/deal.ts";
import type { Clock } from "../lib/clock.ts";
import type { DealRepository, DeliveryRepository, ListedTask } from "./ports.ts";

/** Open deals sorted by urgency before the Home takes its first few (the same bound as `/deal list`). */
const URGENCY_CANDIDATES = 500;

/** What one person's App Home shows. */
export interface HomeModel {
  readonly userId: string;
  /** My open deals, most urgent first (at most what the Home can show). */
  readonly deals: readonly Deal[];
  readonly dealTotal: number;
  /** My open tasks, soonest due first. */
  readonly tasks: readonly ListedTask[];
  readonly taskTotal: number;
  readonly now: Date;
  readonly today: CalendarDate;
}

/**
 * Who has opened the app's Home. Slack shows a Home only when it is opened (and the app
 * publishes it then), so republishing after a change is only worth it for them.
 */
export interface HomeViewers {
  markOpened(teamId: string, userId: string, at: Date): Promise<void>;
}

/**
 * The App Home's content: my open deals and my open tasks. Read-only; the Slack layer
 * publishes it when the Home is opened and after my changes (the `home.refresh` effect).
 */
export class HomeService {
  constructor(
    private readonly deps: {
      deals: DealRepository;
      delivery: DeliveryRepository;
      clock: Clock;
      viewers?: HomeViewers;
    },
  ) {}

  /** The person opened their Home: from now on it is kept up to date. */
  async opened(teamId: string, userId: string): Promise<void> {
    await this.deps.viewers?.markOpened(teamId, userId, this.deps.clock.now());
  }

  /** `timeZone` is the calendar "overdue" and "due today" are judged in. */
  async load(
    teamId: string,
    userId: string,
    options: { limit: number; timeZone: string },
  ): Promise<HomeModel> {
    const now = this.deps.clock.now();
    const today = todayIn(options.timeZone, now);
    const [deals, tasks] = await Promise.all([
      // Urgency is worked out here, not in SQL: sort the person's open deals (as /deal list does), then cut.
      this.deps.deals.list(teamId, { ownerId: userId, openOnly: true }, URGENCY_CANDIDATES),
      this.deps.delivery.listTasks(teamId, { kind: "assigned", userId }, options.limit),
    ]);
    return {
      userId,
      deals: [...deals.deals].sort(compareUrgency(today, now)).slice(0, options.limit),
      dealTotal: Math.max(deals.total, deals.deals.length),
      tasks: tasks.tasks.slice(0, options.limit),
      taskTotal: Math.max(tasks.total, tasks.tasks.length),
      now,
      today,
    };
  }
}
