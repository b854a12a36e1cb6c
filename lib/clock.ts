// One clock for rules that depend on the time of day: delays, digest windows, schedules and their
// sweeps read it, so a test of an hours-long delay moves the clock instead of sleeping.
import { processSingleton } from "./process-singleton";

export interface Clock {
  now(): Date;
}

const systemClock: Clock = { now: () => new Date() };

/** A clock that moves only when told to; tests install one with `useClock`. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date | string = new Date()) {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  /** Moves forward by `ms` (a negative value is refused: time-dependent rules assume it never goes back). */
  advance(ms: number): Date {
    if (ms < 0) throw new RangeError("A clock only moves forward");
    this.current += ms;
    return this.now();
  }

  set(to: Date | string): Date {
    this.current = new Date(to).getTime();
    return this.now();
  }
}

const holder = processSingleton("clock", () => ({ clock: systemClock }));

export function clock(): Clock {
  return holder.clock;
}

/** Installs `next` as the process's clock (the system clock when omitted); returns the one it replaced. */
export function useClock(next: Clock = systemClock): Clock {
  const previous = holder.clock;
  holder.clock = next;
  return previous;
}
