import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createRefreshedMembers } from "@/lib/shared-state/refreshed-members";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("members refreshed by one timer", () => {
  it("touches each group's members in one call per tick, and only while something is held", () => {
    const touched: Array<[string, string[]]> = [];
    const members = createRefreshedMembers(1_000, (group, list) => touched.push([group, list]));
    members.track("r1", "answer-a");
    members.track("r2", "answer-a");
    members.track("r3", "answer-b");
    vi.advanceTimersByTime(1_000);
    expect(touched).toEqual([
      ["answer-a", ["r1", "r2"]],
      ["answer-b", ["r3"]],
    ]);

    for (const reader of ["r1", "r2", "r3"]) members.track(reader, undefined);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(5_000);
    expect(touched).toHaveLength(2);
  });

  it("clear() lets everything go and stops the timer", () => {
    const touch = vi.fn();
    const members = createRefreshedMembers(1_000, touch);
    members.track("s1", "client");
    members.clear();
    expect([...members.held()]).toEqual([]);
    vi.advanceTimersByTime(5_000);
    expect(touch).not.toHaveBeenCalled();
  });
});
