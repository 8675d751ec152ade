/**
 * For stores and guards whose backing service is down: every call, made at once as concurrent
 * requests would make it, must fail fast with StoreUnavailableError, none may hang.
 */
import { expect } from "vitest";
import { StoreUnavailableError } from "@/lib/answers/answer-store";

export async function expectPromptRejections(calls: ReadonlyArray<readonly [string, () => Promise<unknown>]>, limitMs: number): Promise<void> {
  const outcomes = await Promise.all(
    calls.map(async ([name, call]) => {
      const started = performance.now();
      const outcome = await call().then(
        () => "resolved",
        (error: unknown) => error,
      );
      return { name, outcome, ms: performance.now() - started };
    }),
  );
  for (const { name, outcome, ms } of outcomes) {
    expect(outcome, name).toBeInstanceOf(StoreUnavailableError);
    expect(ms, name).toBeLessThan(limitMs);
  }
}
