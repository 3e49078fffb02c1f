/** What a job handler may know and do about its job, without touching BullMQ types. */
export interface JobContext {
  readonly id: string;
  /** Attempts that already failed before this one. */
  readonly attemptsMade: number;
  readonly maxAttempts: number;
  updateProgress(progress: number | object): Promise<void>;
}
