/**
 * How the AI SDK demo shows `useChat`'s state: UIMessages as our chat's messages with an end
 * state, and `useChat`'s errors as the failures students read. Pure.
 */
import type { UIMessage } from "ai";
import { describe, expect, it } from "vitest";
import { failureOf, toChatMessages } from "@/components/ai-sdk-demo/ui-messages";
import type { ChatStatus } from "@/lib/chat-client/types";
import { SAFE_MESSAGE_BY_CODE } from "@/lib/chat-stream/errors";

const question: UIMessage = { id: "u1", role: "user", parts: [{ type: "text", text: "Q" }] };
const answer: UIMessage = {
  id: "a1",
  role: "assistant",
  parts: [{ type: "step-start" }, { type: "text", text: "Half " }, { type: "source-url", sourceId: "s", url: "https://x.test" }, { type: "text", text: "whole" }],
};

describe("toChatMessages", () => {
  it("joins an answer's text parts and leaves other parts out", () => {
    expect(toChatMessages([question, answer], "ready", {})).toEqual([
      { id: "u1", role: "user", content: "Q" },
      { id: "a1", role: "assistant", content: "Half whole", state: "done" },
    ]);
  });

  it.each<[ChatStatus, Record<string, "stopped" | "interrupted">, string]>([
    ["submitted", {}, "streaming"],
    ["streaming", {}, "streaming"],
    ["ready", {}, "done"],
    ["error", {}, "interrupted"],
    ["ready", { a1: "stopped" }, "stopped"],
    ["ready", { a1: "interrupted" }, "interrupted"],
  ])("shows the last answer with status %s and marks %j as %s", (status, incomplete, state) => {
    expect(toChatMessages([question, answer], status, incomplete)[1]).toMatchObject({ state });
  });

  it("shows earlier answers as done whatever the status, and reuses an unchanged message's copy", () => {
    const later: UIMessage = { id: "u2", role: "user", parts: [{ type: "text", text: "Q2" }] };
    const first = toChatMessages([question, answer, later], "streaming", {});
    expect(first[1]).toMatchObject({ state: "done" });
    expect(toChatMessages([question, answer, later], "streaming", {})[1]).toBe(first[1]);
  });
});

describe("failureOf", () => {
  it("reads the route's JSON refusal", () => {
    const failure = failureOf(new Error(JSON.stringify({ error: { code: "payload_too_large", message: "Over 1 MiB." } })));
    expect(failure).toMatchObject({ code: "payload_too_large", retryable: false, detail: "Over 1 MiB." });
  });

  it("reads the route's error chunk back to its code", () => {
    expect(failureOf(new Error(SAFE_MESSAGE_BY_CODE.upstream_timeout))).toMatchObject({ code: "upstream_timeout", retryable: true });
  });

  it("calls a fetch that never got through a network failure", () => {
    expect(failureOf(new TypeError("Failed to fetch"))).toMatchObject({ code: "network", retryable: true });
  });

  it("shows anything else as an interrupted answer, keeping its words out of sight", () => {
    const failure = failureOf(new Error("Type validation failed: Value: {…}"));
    expect(failure).toMatchObject({ code: "interrupted", retryable: true, detail: "Type validation failed: Value: {…}" });
    expect(failure.message).not.toContain("Type validation");
  });
});
