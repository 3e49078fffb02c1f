/** What a job handler may know and do about its job, without touching BullMQ types. */
export interface JobContext {
  readonly id: string;
  /** Attempts that already failed before this one. */
  readonly attemptsMade: number;
  readonly maxAttempts: number;
  /**
   * Notes progress and returns at once: it is written to PostgreSQL with the run's heartbeat and passed to
   * Redis in the background, so a handler never waits on Redis (above all, not inside a transaction).
   */
  updateProgress(progress: number | object): void;
}

/** How a failed run ended, for @OnJobFailed. */
export interface JobFailure {
  readonly reason: string;
  /** No attempt remains: the work is failed until an admin retries it. */
  readonly final: boolean;
}
