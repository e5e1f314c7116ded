/**
 * "Slack effects were queued": said by the services after a commit that queued some, heard by
 * whoever delivers them (the dispatcher delivers at once instead of at its next poll). Built
 * before both, so services and dispatcher are constructed in any order and neither is bound late.
 */
export class QueuedEffectsSignal {
  private readonly listeners: Array<() => void> = [];

  /** For the services (their `onEffectsQueued`): a plain function, safe to pass around. */
  readonly notify = (): void => {
    for (const listener of this.listeners) listener();
  };

  subscribe(listener: () => void): void {
    this.listeners.push(listener);
  }
}
