import { act, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { StudyCoachChat as WebSocketChat } from "@/components/chat/StudyCoachChat";
import { DEFAULT_CONVERSATION_WINDOW } from "@/lib/chat-client/conversation-window";
import { server } from "./support/msw-server";
import { routeAnswers, scriptedStream } from "./support/sse-stream";

async function askOnce(props: Partial<Parameters<typeof WebSocketChat>[0]> = {}) {
  const stream = scriptedStream();
  const route = routeAnswers([stream]);
  server.use(route.handler);
  const user = userEvent.setup();
  render(<WebSocketChat storageKey={false} {...props} />);
  await user.type(screen.getByTestId("chat-input"), "Hello coach");
  await user.keyboard("{Enter}");
  await waitFor(() => expect(route.requests).toHaveLength(1));
  await act(async () => stream.done("Hi."));
  return route.requests[0]?.body as Record<string, unknown>;
}

afterEach(() => {
  window.history.replaceState(null, "", "/");
});

describe("WebSocketChat with no props, on a Study Coach page", () => {
  it("sends the courseId, studentId and preparationPageId of the page URL", async () => {
    window.history.replaceState(null, "", "/ws-demo?courseId=CSE110&studentId=987654&preparationPageId=quiz-2");
    const body = await askOnce();
    expect(body).toMatchObject({ courseId: "CSE110", studentId: "987654", preparationPageId: "quiz-2" });
  });

  it("sends none of them when the URL has none", async () => {
    const body = await askOnce();
    expect(body).not.toHaveProperty("courseId");
    expect(body).not.toHaveProperty("studentId");
  });

  it("lets props win over the URL", async () => {
    window.history.replaceState(null, "", "/ws-demo?courseId=FROM-URL");
    const body = await askOnce({ courseId: "FROM-PROP" });
    expect(body.courseId).toBe("FROM-PROP");
  });
});

describe("WebSocketChat in a long conversation", () => {
  it("sends the newest whole exchanges within the window, and the question", async () => {
    const longAnswer = "A long worked answer. ".repeat(300); // 6,600 bytes
    const initialMessages = Array.from({ length: 59 }, (_, turn) => [
      { role: "user" as const, content: `question ${turn + 1}` },
      { role: "assistant" as const, content: longAnswer },
    ]).flat();
    const body = await askOnce({ initialMessages });
    const messages = body.messages as Array<{ role: string; content: string }>;
    expect(messages.at(-1)).toEqual({ role: "user", content: "Hello coach" });
    expect(messages.at(-2)?.role).toBe("assistant");
    expect(messages.at(-3)).toEqual({ role: "user", content: "question 59" });
    expect(messages[0]?.role).toBe("user");
    expect(messages.length).toBeLessThanOrEqual(DEFAULT_CONVERSATION_WINDOW.maxMessages + 1);
    expect(JSON.stringify(messages).length).toBeLessThan(DEFAULT_CONVERSATION_WINDOW.maxBytes + 4_000);
  });
});

describe("the Study Coach's import path", () => {
  it("renders the chat from `@/components/preparation/WebSocketChat` with no props", async () => {
    const { default: PreparationWebSocketChat } = await import("@/components/preparation/WebSocketChat");
    render(<PreparationWebSocketChat />);
    expect(screen.getByTestId("chat-input")).toBeTruthy();
  });
});
