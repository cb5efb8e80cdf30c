import type { Clock } from '../../src/clock';

/** A clock the test moves by hand; it starts at real time so sessions and cookies behave. */
export class FakeClock implements Clock {
  private current = new Date();

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** A fake clock set to a fixed moment (ISO), for tests that depend on today's date. */
export function clockOn(iso: string): FakeClock {
  const clock = new FakeClock();
  clock.advance(new Date(iso).getTime() - clock.now().getTime());
  return clock;
}
