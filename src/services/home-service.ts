import { type CalendarDate, todayIn } from "../domain/dates.ts";
import { compareUrgency, type Deal } from "../domain/deal.ts";
import {
  type HomePanelChange,
  type HomePanelKind,
  type HomePanelState,
  recentNotice,
} from "../domain/home-panel.ts";
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
  readonly panel: HomePanelShown;
}

/** The panel a redraw shows: the open one, and the notice while it is recent. */
export interface HomePanelShown {
  readonly kind?: HomePanelKind;
  readonly notice?: string;
  /** The stored state's version this was read at. */
  readonly version: number;
}

/**
 * Who has opened the app's Home. Slack shows a Home only when it is opened (and the app
 * publishes it then), so republishing after a change is only worth it for them.
 */
export interface HomeViewers {
  markOpened(teamId: string, userId: string, at: Date): Promise<void>;
}

/**
 * Each person's Home panel, stored where every instance reads it: a redraw from the queue
 * shows what a click just opened, whichever process served the click.
 */
export interface HomePanels {
  readPanel(teamId: string, userId: string): Promise<HomePanelState>;
  /** Applies the change and bumps the version, in one statement. */
  changePanel(teamId: string, userId: string, change: HomePanelChange, at: Date): Promise<void>;
}

/**
 * The App Home's content: my open deals, my open tasks, and the panel my last click there
 * opened. The Slack layer publishes it when the Home is opened, after my changes (the
 * `home.refresh` effect), and after a click on it.
 */
export class HomeService {
  constructor(
    private readonly deps: {
      deals: DealRepository;
      delivery: DeliveryRepository;
      clock: Clock;
      panels: HomePanels;
      viewers?: HomeViewers;
    },
  ) {}

  /** The person opened their Home: from now on it is kept up to date. */
  async opened(teamId: string, userId: string): Promise<void> {
    await this.deps.viewers?.markOpened(teamId, userId, this.deps.clock.now());
  }

  /** A click on the Home: what it opened or closed there, and what it did. */
  async answer(teamId: string, userId: string, change: HomePanelChange): Promise<void> {
    await this.deps.panels.changePanel(teamId, userId, change, this.deps.clock.now());
  }

  /** Compared with a drawn Home's `panel.version`: a click has changed the panel since. */
  async panelVersion(teamId: string, userId: string): Promise<number> {
    return (await this.deps.panels.readPanel(teamId, userId)).version;
  }

  /** `timeZone` is the calendar "overdue" and "due today" are judged in. */
  async load(
    teamId: string,
    userId: string,
    options: { limit: number; timeZone: string },
  ): Promise<HomeModel> {
    const now = this.deps.clock.now();
    const today = todayIn(options.timeZone, now);
    const [deals, tasks, panel] = await Promise.all([
      // Urgency is worked out here, not in SQL: sort the person's open deals (as /deal list does), then cut.
      this.deps.deals.list(teamId, { ownerId: userId, openOnly: true }, URGENCY_CANDIDATES),
      this.deps.delivery.listTasks(teamId, { kind: "assigned", userId }, options.limit),
      this.deps.panels.readPanel(teamId, userId),
    ]);
    const notice = recentNotice(panel, now);
    return {
      userId,
      deals: [...deals.deals].sort(compareUrgency(today, now)).slice(0, options.limit),
      dealTotal: Math.max(deals.total, deals.deals.length),
      tasks: tasks.tasks.slice(0, options.limit),
      taskTotal: Math.max(tasks.total, tasks.tasks.length),
      now,
      today,
      panel: {
        ...(panel.kind ? { kind: panel.kind } : {}),
        ...(notice !== undefined ? { notice } : {}),
        version: panel.version,
      },
    };
  }
}
