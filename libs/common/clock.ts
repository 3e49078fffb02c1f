/** Time as a dependency, so lockouts, deadlines and schedules can be tested with a controlled clock. */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
