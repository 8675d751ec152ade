/**
 * The chat as a student sees a resumable answer: after a reload (a remount) the answer goes on
 * where it stood, with Stop, and Stop reaches the server.
 */
import { act, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { StudyCoachChat as WebSocketChat } from "@/components/chat/StudyCoachChat";
import { server } from "./support/msw-server";
import { answerNotFound, answerStreamRoutes, routeAnswers, scriptedStream } from "./support/sse-stream";

const ANSWER_ID = "6f1c2a9e-2222-4000-8000-000000000002";
const lastAnswer = () => screen.getAllByTestId("message-assistant").at(-1) as HTMLElement;

async function push(run: () => void): Promise<void> {
  await act(async () => run());
}

/** Asks, shows "Osmosis is " (events 1–3) of answer `ANSWER_ID`, and unmounts, as a reload does. */
async function reloadMidAnswer(): Promise<void> {
  const post = scriptedStream({ messageId: ANSWER_ID });
  server.use(routeAnswers([post]).handler);
  const user = userEvent.setup();
  const view = render(<WebSocketChat courseId="BIO-101" />);
  await user.type(screen.getByTestId("chat-input"), "What is osmosis?{Enter}");
  await push(() => {
    post.start();
    post.delta("Osmosis ");
    post.delta("is ");
  });
  await waitFor(() => expect(lastAnswer().textContent).toContain("Osmosis is"));
  view.unmount();
}

describe("WebSocketChat with resumable answers", () => {
  it("after a reload mid-answer, goes on from the last event shown, with Stop, and finishes whole", async () => {
    await reloadMidAnswer();
    const rest = scriptedStream({ messageId: ANSWER_ID, firstId: 4 });
    const streams = answerStreamRoutes([rest]);
    server.use(...streams.handlers);

    render(<WebSocketChat courseId="BIO-101" />);
    await waitFor(() => expect(streams.reads).toEqual([{ id: ANSWER_ID, lastEventId: "3" }]));
    expect(screen.getByTestId("chat").dataset.status).toBe("streaming");
    expect(lastAnswer().dataset.state).toBe("streaming");
    expect(screen.getByTestId("stop-button")).toBeTruthy();
    expect(lastAnswer().textContent).toContain("Osmosis is");

    await push(() => rest.delta("water moving across a membrane."));
    await waitFor(() => expect(screen.getByTestId("answer-text").textContent).toBe("Osmosis is water moving across a membrane."));
    await push(() => rest.done("Osmosis is water moving across a membrane."));
    await waitFor(() => expect(lastAnswer().dataset.state).toBe("done"));
    expect(screen.getByTestId("answer-text").textContent).toBe("Osmosis is water moving across a membrane.");
    expect(screen.getAllByTestId("message-user")).toHaveLength(1);
  });

  it("after a reload, shows an answer the route no longer has as interrupted, with its text and Retry", async () => {
    await reloadMidAnswer();
    server.use(...answerStreamRoutes([answerNotFound]).handlers);
    render(<WebSocketChat courseId="BIO-101" />);
    await waitFor(() => expect(lastAnswer().dataset.state).toBe("interrupted"));
    expect(lastAnswer().textContent).toContain("Osmosis is");
    expect(screen.getByTestId("chat-error").dataset.code).toBe("interrupted");
    expect(screen.getByTestId("retry-button")).toBeTruthy();
  });

  it("Stop on a resumed answer sends DELETE for it and keeps its text", async () => {
    await reloadMidAnswer();
    const rest = scriptedStream({ messageId: ANSWER_ID, firstId: 4 });
    const streams = answerStreamRoutes([rest]);
    server.use(...streams.handlers);
    const user = userEvent.setup();
    render(<WebSocketChat courseId="BIO-101" />);
    await waitFor(() => expect(streams.reads).toHaveLength(1));

    await user.click(screen.getByTestId("stop-button"));
    await waitFor(() => expect(streams.stops).toEqual([ANSWER_ID]));
    expect(lastAnswer().dataset.state).toBe("stopped");
    expect(lastAnswer().textContent).toContain("Osmosis is");
    expect(screen.getByTestId("chat").dataset.status).toBe("ready");
  });

  it("Stop sends DELETE for the answer it asked for", async () => {
    const post = scriptedStream({ messageId: ANSWER_ID });
    const { handler, requests } = routeAnswers([post]);
    const streams = answerStreamRoutes([]);
    server.use(handler, ...streams.handlers);
    const user = userEvent.setup();
    render(<WebSocketChat storageKey={false} />);
    await user.type(screen.getByTestId("chat-input"), "/demo slow{Enter}");
    await push(() => {
      post.start();
      post.delta("A slow start");
    });
    await waitFor(() => expect(lastAnswer().textContent).toContain("A slow start"));

    await user.click(screen.getByTestId("stop-button"));
    await waitFor(() => expect(streams.stops).toEqual([ANSWER_ID]));
    expect(requests[0]?.body.resumable).toBe(true);
  });
});
