/**
 * What every AnswerStore must do, as one vitest suite that each implementation runs against
 * itself (tests/unit/answer-store-*.test.ts). Where something takes real time (a lease or a TTL
 * running out) the tests use tiny durations and wait on the outcome itself, never on a sleep.
 */
import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { AnswerStore, FollowEnd, StoredEvent } from "@/lib/answers/answer-store";
import { SAFE_MESSAGE_BY_CODE } from "@/lib/chat-stream/errors";
import type { ChatEvent } from "@/lib/chat-stream/events";

export interface StoreHarness {
  store: AnswerStore;
  /** Another instance sharing `store`'s state; the same object when there is only one process. */
  peer: AnswerStore;
  cleanup(): Promise<void>;
}

export interface ContractOptions {
  /**
   * Whether the producer can vanish without the followers' process (another instance): then a
   * lease that nobody renews within `leaseMs` ends the answer with a stored `upstream_closed`
   * error event at lastSeq + 1, the terminal event of every follower.
   */
  losesProducer: boolean;
  /** How long a store may take to notice a lost producer (its liveness check). Default 1000. */
  livenessCheckMs?: number;
}

type FollowItem = StoredEvent | { end: FollowEnd };

const LEASE_MS = 30_000;
const TTL_S = 600;

export const events = {
  start: (messageId: string): ChatEvent => ({
    type: "start",
    data: { messageId, sessionId: "session-1", model: { provider: "openai", name: "gpt4o" }, upstream: "local" },
  }),
  delta: (text: string): ChatEvent => ({ type: "delta", data: { text } }),
  done: (text: string): ChatEvent => ({
    type: "done",
    data: { text, finishReason: "stop", timing: { firstTokenMs: 5, totalMs: 10 } },
  }),
  error: (): ChatEvent => ({ type: "error", data: { code: "aborted", message: "Stopped.", retryable: false } }),
  /** The terminal event a store that loses its producer stores for the lost answer. */
  lost: (): ChatEvent => ({ type: "error", data: { code: "upstream_closed", message: SAFE_MESSAGE_BY_CODE.upstream_closed, retryable: true } }),
};

/** `chatEvents` numbered from `firstSeq`. */
export function numbered(firstSeq: number, chatEvents: readonly ChatEvent[]): StoredEvent[] {
  return chatEvents.map((event, index) => ({ seq: firstSeq + index, event }));
}

const deltas = (from: number, count: number) => numbered(from, Array.from({ length: count }, (_, i) => events.delta(`t${from + i}`)));
const seqsOf = (items: readonly FollowItem[]) => items.map((item) => ("seq" in item ? item.seq : item.end));
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** A follow running in the background, collecting what it yields. */
export function startFollowing(store: AnswerStore, id: string, afterSeq: number) {
  const controller = new AbortController();
  const items: FollowItem[] = [];
  const finished = (async () => {
    for await (const item of store.follow(id, afterSeq, controller.signal)) items.push(item);
    return items;
  })();
  // Observed by the tests that expect it to fail; never an unhandled rejection meanwhile.
  finished.catch(() => undefined);
  return { items, finished, abort: () => controller.abort() };
}

/** Resolves with `promise`, or rejects when it takes longer than `ms`. */
export async function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not settled within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** A promise and the function that resolves it, for waiting on a callback. */
function signalled(): { called: Promise<void>; call: () => void; count: () => number } {
  let calls = 0;
  let resolve: () => void = () => undefined;
  const called = new Promise<void>((r) => (resolve = r));
  return {
    called,
    call: () => {
      calls += 1;
      resolve();
    },
    count: () => calls,
  };
}

export function describeAnswerStoreContract(name: string, makeStore: () => Promise<StoreHarness>, options: ContractOptions): void {
  const noticeMs = (options.livenessCheckMs ?? 1_000) + 2_000;

  describe(`${name}: the AnswerStore contract`, () => {
    let harness: StoreHarness;
    let store: AnswerStore;
    let peer: AnswerStore;

    beforeEach(async () => {
      harness = await makeStore();
      ({ store, peer } = harness);
    });
    afterEach(async () => {
      await harness.cleanup();
    });

    async function newAnswer(chatId?: string, leaseMs = LEASE_MS): Promise<string> {
      const id = randomUUID();
      await store.create({ id, owner: "alice", chatId }, leaseMs);
      return id;
    }

    /** Asks `peer` to stop a fresh answer and waits for its producer to hear it: every stop sent before has arrived. */
    async function stopBarrier(): Promise<void> {
      const id = await newAnswer();
      const heard = signalled();
      store.onStopRequested(id, heard.call);
      expect(await peer.requestStop(id)).toBe(true);
      await within(2_000, heard.called);
    }

    describe("answers and their events", () => {
      it("tells what it knows of a new answer, and nothing of an unknown one", async () => {
        const id = randomUUID();
        const anonymous = randomUUID();
        await store.create({ id, owner: "alice", chatId: "chat-1" }, LEASE_MS);
        await store.create({ id: anonymous, owner: undefined, chatId: undefined }, LEASE_MS);
        expect(await peer.info(id)).toEqual({ id, owner: "alice", chatId: "chat-1", ended: false, lastSeq: 0 });
        expect(await peer.info(anonymous)).toEqual({ id: anonymous, owner: undefined, chatId: undefined, ended: false, lastSeq: 0 });
        expect(await store.info(randomUUID())).toBeUndefined();
      });

      it("appends batches in order and counts the last sequence number", async () => {
        const id = await newAnswer();
        await store.append(id, numbered(1, [events.start(id), events.delta("a"), events.delta("b")]), LEASE_MS, TTL_S);
        await store.append(id, deltas(4, 1), LEASE_MS, TTL_S);
        await store.append(id, deltas(5, 3), LEASE_MS, TTL_S);
        expect(await peer.info(id)).toMatchObject({ ended: false, lastSeq: 7 });
        await store.append(id, numbered(8, [events.done("ab")]), LEASE_MS, TTL_S);
        const replayed = await within(2_000, startFollowing(peer, id, 0).finished);
        expect(seqsOf(replayed)).toEqual(range(1, 8));
        expect(replayed.map((item) => ("seq" in item ? item.event.type : item.end))).toEqual(["start", ...Array(6).fill("delta"), "done"]);
        expect(replayed[1]).toEqual({ seq: 2, event: events.delta("a") });
      });

      it.each([
        ["done", events.done("a")],
        ["error", events.error()],
      ])("ends the answer with its %s event and keeps nothing after it", async (_name, terminal) => {
        const id = await newAnswer();
        await store.append(id, [...numbered(1, [events.start(id), events.delta("a"), terminal]), ...deltas(4, 1)], LEASE_MS, TTL_S);
        expect(await peer.info(id)).toMatchObject({ ended: true, lastSeq: 3 });
        await store.append(id, deltas(4, 2), LEASE_MS, TTL_S);
        expect(await peer.info(id)).toMatchObject({ ended: true, lastSeq: 3 });
        const replayed = await within(2_000, startFollowing(peer, id, 0).finished);
        expect(replayed).toEqual(numbered(1, [events.start(id), events.delta("a"), terminal]));
      });

      it("ignores writes to an unknown answer", async () => {
        const id = randomUUID();
        await store.append(id, numbered(1, [events.start(id)]), LEASE_MS, TTL_S);
        await store.renewLease(id, LEASE_MS);
        expect(await store.info(id)).toBeUndefined();
      });
    });

    describe("following", () => {
      it("replays what is stored after afterSeq, then yields live events until the terminal one, then stops", async () => {
        const id = await newAnswer();
        await store.append(id, numbered(1, [events.start(id), events.delta("a"), events.delta("b")]), LEASE_MS, TTL_S);
        const follower = startFollowing(peer, id, 1);
        await vi.waitFor(() => expect(seqsOf(follower.items)).toEqual([2, 3]), { timeout: 2_000 });
        await store.append(id, deltas(4, 2), LEASE_MS, TTL_S);
        await vi.waitFor(() => expect(seqsOf(follower.items)).toEqual([2, 3, 4, 5]), { timeout: 2_000 });
        await store.append(id, numbered(6, [events.done("ab")]), LEASE_MS, TTL_S);
        expect(seqsOf(await within(2_000, follower.finished))).toEqual([2, 3, 4, 5, 6]);
      });

      it("gives each of many concurrent followers, on either instance, every event exactly once and in order", async () => {
        const id = await newAnswer();
        const followers = Array.from({ length: 20 }, (_, i) => ({ afterSeq: 0, ...startFollowing(i % 2 ? peer : store, id, 0) }));
        let lastSeq = 0;
        for (let batch = 1; batch <= 30; batch += 1) {
          const size = (batch % 4) + 1;
          await store.append(id, deltas(lastSeq + 1, size), LEASE_MS, TTL_S);
          lastSeq += size;
          // Latecomers join mid-stream, some replaying a little, some only live.
          if (batch % 5 === 0) {
            const afterSeq = lastSeq - (batch % 3);
            followers.push({ afterSeq, ...startFollowing(batch % 2 ? peer : store, id, afterSeq) });
          }
        }
        await store.append(id, numbered(lastSeq + 1, [events.done("all")]), LEASE_MS, TTL_S);
        lastSeq += 1;
        const results = await within(5_000, Promise.all(followers.map((follower) => follower.finished)));
        results.forEach((items, i) => expect(seqsOf(items)).toEqual(range((followers[i]?.afterSeq ?? 0) + 1, lastSeq)));
      });

      it("replays an ended answer from afterSeq and stops, with nothing after its terminal event", async () => {
        const id = await newAnswer();
        await store.append(id, [...numbered(1, [events.start(id)]), ...deltas(2, 3), ...numbered(5, [events.done("x")])], LEASE_MS, TTL_S);
        expect(seqsOf(await within(2_000, startFollowing(peer, id, 0).finished))).toEqual([1, 2, 3, 4, 5]);
        expect(seqsOf(await within(2_000, startFollowing(peer, id, 3).finished))).toEqual([4, 5]);
        expect(await within(2_000, startFollowing(peer, id, 5).finished)).toEqual([]);
      });

      it("yields { end: 'expired' } for an unknown answer", async () => {
        expect(await within(2_000, startFollowing(store, randomUUID(), 0).finished)).toEqual([{ end: "expired" }]);
      });

      it("stops promptly when its signal aborts, and yields nothing more", async () => {
        const id = await newAnswer();
        await store.append(id, numbered(1, [events.start(id)]), LEASE_MS, TTL_S);
        const follower = startFollowing(peer, id, 0);
        await vi.waitFor(() => expect(follower.items).toHaveLength(1), { timeout: 2_000 });
        follower.abort();
        expect(seqsOf(await within(500, follower.finished))).toEqual([1]);
        await store.append(id, deltas(2, 1), LEASE_MS, TTL_S);
        expect(seqsOf(follower.items)).toEqual([1]);
      });
    });

    // Each store registers only the lease tests that apply to it: nothing is left skipped.
    describe("the producer's lease", () => {
      if (options.losesProducer) {
        it("ends the answer with a stored upstream_closed error when nothing renews the lease within leaseMs", async () => {
          const id = await newAnswer("chat-lost", 300);
          await store.append(id, numbered(1, [events.start(id), events.delta("a")]), 300, TTL_S);
          // Followers on both instances see the same stored terminal event, at lastSeq + 1.
          const followers = [startFollowing(peer, id, 0), startFollowing(store, id, 2)];
          const [there, here] = await within(300 + noticeMs, Promise.all(followers.map((follower) => follower.finished)));
          expect(seqsOf(there ?? [])).toEqual([1, 2, 3]);
          expect(there?.[2]).toEqual({ seq: 3, event: events.lost() });
          expect(here).toEqual([{ seq: 3, event: events.lost() }]);
          expect(await peer.info(id)).toMatchObject({ ended: true, lastSeq: 3 });
          expect(await peer.activeAnswerOfChat("chat-lost")).toBeUndefined();
          // A late write of the producer (it was only stalled) changes nothing; a stop finds nothing to stop.
          await store.append(id, deltas(3, 2), 300, TTL_S);
          expect(await peer.info(id)).toMatchObject({ ended: true, lastSeq: 3 });
          expect(await peer.requestStop(id)).toBe(false);
          // A reader arriving later replays the same end.
          expect(await within(2_000, startFollowing(peer, id, 0).finished)).toEqual(numbered(1, [events.start(id), events.delta("a"), events.lost()]));
        });

        it("keeps followers waiting while appends and renewals keep the lease alive", async () => {
          const leaseMs = 500;
          const id = await newAnswer(undefined, leaseMs);
          const follower = startFollowing(peer, id, 0);
          await store.append(id, numbered(1, [events.start(id)]), leaseMs, TTL_S);
          // A producer that writes or renews every 100 ms, for three leases in all.
          for (let step = 1; step <= 15; step += 1) {
            await new Promise((resolve) => setTimeout(resolve, 100));
            if (step % 3) await store.renewLease(id, leaseMs);
            else await store.append(id, deltas(step / 3 + 1, 1), leaseMs, TTL_S);
          }
          await store.append(id, numbered(7, [events.done("x")]), leaseMs, TTL_S);
          expect(seqsOf(await within(2_000, follower.finished))).toEqual([1, 2, 3, 4, 5, 6, 7]);
        });
      } else {
        it("never loses its producer: a follower waits however long the lease", async () => {
          const id = await newAnswer(undefined, 1);
          const follower = startFollowing(peer, id, 0);
          await store.append(id, numbered(1, [events.start(id)]), 1, TTL_S);
          await vi.waitFor(() => expect(follower.items).toHaveLength(1), { timeout: 2_000 });
          // Let several leases' worth of time pass with nothing renewed.
          await new Promise((resolve) => setTimeout(resolve, 50));
          await store.append(id, numbered(2, [events.done("x")]), 1, TTL_S);
          expect(seqsOf(await within(2_000, follower.finished))).toEqual([1, 2]);
        });
      }
    });

    describe("stopping", () => {
      it("calls the producer's stop listener once when a stop is asked for from any instance", async () => {
        const id = await newAnswer();
        const stop = signalled();
        store.onStopRequested(id, stop.call);
        expect(await peer.requestStop(id)).toBe(true);
        await within(1_500, stop.called);
        expect(await peer.requestStop(id)).toBe(true);
        await stopBarrier();
        expect(stop.count()).toBe(1);
      });

      it("does not call a listener that was removed", async () => {
        const id = await newAnswer();
        const stop = signalled();
        const remove = store.onStopRequested(id, stop.call);
        remove();
        expect(await peer.requestStop(id)).toBe(true);
        await stopBarrier();
        expect(stop.count()).toBe(0);
      });

      it("answers false for an unknown answer and for one that has ended", async () => {
        expect(await peer.requestStop(randomUUID())).toBe(false);
        const id = await newAnswer();
        await store.append(id, numbered(1, [events.start(id), events.done("")]), LEASE_MS, TTL_S);
        expect(await peer.requestStop(id)).toBe(false);
      });
    });

    describe("a chat's active answer", () => {
      it("is the chat's latest answer until that one ends", async () => {
        expect(await store.activeAnswerOfChat("chat-a")).toBeUndefined();
        const first = await newAnswer("chat-a");
        expect(await peer.activeAnswerOfChat("chat-a")).toBe(first);
        const second = await newAnswer("chat-a");
        expect(await peer.activeAnswerOfChat("chat-a")).toBe(second);
        await store.append(first, numbered(1, [events.error()]), LEASE_MS, TTL_S);
        expect(await peer.activeAnswerOfChat("chat-a")).toBe(second);
        await store.append(second, numbered(1, [events.done("")]), LEASE_MS, TTL_S);
        expect(await peer.activeAnswerOfChat("chat-a")).toBeUndefined();
      });

      it("keeps the chats apart", async () => {
        const a = await newAnswer("chat-a");
        const b = await newAnswer("chat-b");
        await newAnswer(undefined);
        expect([await peer.activeAnswerOfChat("chat-a"), await peer.activeAnswerOfChat("chat-b")]).toEqual([a, b]);
      });
    });

    describe("readers", () => {
      it("counts the readers attached on every instance, each detach counting once", async () => {
        const id = await newAnswer();
        expect(await store.readerCount(id)).toBe(0);
        const detachHere = await store.attachReader(id);
        const detachThere = await peer.attachReader(id);
        expect(await store.readerCount(id)).toBe(2);
        expect(await peer.readerCount(id)).toBe(2);
        await detachHere();
        await detachHere();
        expect(await peer.readerCount(id)).toBe(1);
        await detachThere();
        expect(await store.readerCount(id)).toBe(0);
      });

      it("counts no reader of an unknown answer", async () => {
        const id = randomUUID();
        const detach = await store.attachReader(id);
        expect(await store.readerCount(id)).toBe(0);
        await detach();
      });
    });

    describe("expiry", () => {
      it("keeps an ended answer readable, then forgets it ttlSeconds after its terminal event", async () => {
        const id = await newAnswer("chat-ttl");
        const detach = await store.attachReader(id);
        await store.append(id, numbered(1, [events.start(id), events.done("x")]), LEASE_MS, 1);
        expect(await peer.info(id)).toMatchObject({ ended: true, lastSeq: 2 });
        expect(seqsOf(await within(2_000, startFollowing(peer, id, 0).finished))).toEqual([1, 2]);
        await vi.waitFor(async () => expect(await peer.info(id)).toBeUndefined(), { timeout: 4_000, interval: 100 });
        expect(await within(2_000, startFollowing(peer, id, 0).finished)).toEqual([{ end: "expired" }]);
        expect(await peer.requestStop(id)).toBe(false);
        expect(await peer.readerCount(id)).toBe(0);
        await detach();
      });
    });
  });
}
