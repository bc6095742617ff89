/** @module Time as a dependency: production passes the system clock, tests a fixed or stepped one. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/** A clock that stays at `start` until moved; tests use it to cross clock changes and deadlines. */
export function fixedClock(start: Date | string): Clock & { set(to: Date | string): void; advance(ms: number): void } {
  let now = new Date(start);
  const clock = (() => new Date(now)) as Clock & { set(to: Date | string): void; advance(ms: number): void };
  clock.set = (to) => {
    now = new Date(to);
  };
  clock.advance = (ms) => {
    now = new Date(now.getTime() + ms);
  };
  return clock;
}
