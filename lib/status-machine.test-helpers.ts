// Shared by the two status machines' tests: every from × to pair, not a hand-picked list.
import { describe, expect, it } from "vitest";
import { DomainError } from "./errors";

type Machine<S extends string> = {
  canTransition(from: S, to: S): boolean;
  assertTransition(from: S, to: S): void;
  sourcesOf(to: S): S[];
};

/**
 * Checks a machine against the full list of its legal moves: each one accepted, every other pair
 * of statuses refused with a conflict, and the guards (`sourcesOf`) derived from the same moves.
 */
export function describeEveryTransition<S extends string>(
  name: string,
  statuses: readonly S[],
  legal: readonly (readonly [S, S])[],
  machine: Machine<S>,
): void {
  const isLegal = (from: S, to: S) => legal.some(([f, t]) => f === from && t === to);
  const pairs = statuses.flatMap((from) => statuses.map((to) => [from, to] as const));
  const illegal = pairs.filter(([from, to]) => !isLegal(from, to));

  describe(`${name} status machine: every pair`, () => {
    it("the legal list names known statuses, each move once", () => {
      expect(legal.every(([f, t]) => statuses.includes(f) && statuses.includes(t))).toBe(true);
      expect(new Set(legal.map(([f, t]) => `${f}→${t}`)).size).toBe(legal.length);
      expect(illegal.length).toBe(statuses.length ** 2 - legal.length);
    });

    it.each(legal)("accepts %s → %s", (from, to) => {
      expect(machine.canTransition(from, to)).toBe(true);
      expect(() => machine.assertTransition(from, to)).not.toThrow();
    });

    it.each(illegal)("rejects %s → %s", (from, to) => {
      expect(machine.canTransition(from, to)).toBe(false);
      expect(() => machine.assertTransition(from, to)).toThrow(DomainError);
      expect(() => machine.assertTransition(from, to)).toThrow(expect.objectContaining({ code: "conflict" }));
    });

    it.each(statuses.map((to) => [to] as const))("guards a move to %s with exactly its sources", (to) => {
      expect(machine.sourcesOf(to)).toEqual(statuses.filter((from) => isLegal(from, to)));
    });
  });
}
