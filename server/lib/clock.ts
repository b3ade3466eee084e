/** Time as a dependency, so rules and tests can fix "now". */
export type Clock = { now(): Date };
export const systemClock: Clock = { now: () => new Date() };
