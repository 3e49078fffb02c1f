/**
 * Base of every module's error. A module declares one subclass with an enum of codes
 * (e.g. `CATALOGUE.NOT_FOUND`) and the HTTP layer maps it to the single API error shape.
 */
export type ErrorKind =
  | 'not_found'
  | 'invalid'
  | 'conflict'
  | 'forbidden'
  | 'unauthenticated'
  | 'too_large'
  | 'locked'
  /** A dependency (the job queue) is away for now: 503 with Retry-After. */
  | 'unavailable';

export interface ErrorDetail {
  /** Where the problem is: a field path, or `Sheet!Cell` for workbooks. */
  readonly location?: string;
  readonly message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly kind: ErrorKind,
    message: string,
    readonly details?: readonly ErrorDetail[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}
