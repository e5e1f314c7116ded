/** What a click on the Home opened there: drawn afresh from current data on every redraw. */
export type HomePanelKind = "pipeline" | "open_tasks";

export const HOME_PANEL_KINDS: readonly HomePanelKind[] = ["pipeline", "open_tasks"];

/** One person's Home panel as stored: it outlives the redraws the queue makes after each change. */
export interface HomePanelState {
  readonly kind?: HomePanelKind;
  /** What the last click on the Home did (app-written text), and when. */
  readonly notice?: string;
  readonly noticeAt?: Date;
  /** Bumped by every change: a redraw that read an older one knows to draw again. */
  readonly version: number;
}

/**
 * A click's answer on the Home. `panel` left out keeps the open one; "none" closes it. The
 * notice always replaces the last one (left out, there is none): it says what this click did.
 */
export interface HomePanelChange {
  readonly panel?: HomePanelKind | "none";
  readonly notice?: string;
}

/**
 * How long what a click did stays on the Home. Long enough to outlive the redraws that click
 * queues (seconds, or minutes while Slack is slow and the queue retries) and a look at another
 * tab; short enough that someone coming back later is not told old news as if it were new.
 */
export const HOME_NOTICE_SHOWN_MS = 10 * 60_000;

/** The notice while it is recent, else nothing. */
export function recentNotice(state: HomePanelState, now: Date): string | undefined {
  if (state.notice === undefined || state.noticeAt === undefined) return undefined;
  const age = now.getTime() - state.noticeAt.getTime();
  return age <= HOME_NOTICE_SHOWN_MS ? state.notice : undefined;
}

export function isHomePanelKind(value: string | null | undefined): value is HomePanelKind {
  return HOME_PANEL_KINDS.some((kind) => kind === value);
}
