import { act, render, renderHook, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Profiler } from "react";
import { describe, expect, it } from "vitest";
import { StudyCoachChat as WebSocketChat } from "@/components/chat/StudyCoachChat";
import { useCreateAIChat } from "@/lib/chat-client/use-create-ai-chat";
import { server } from "./support/msw-server";
import { routeAnswers, scriptedStream } from "./support/sse-stream";

describe("useCreateAIChat", () => {
  it("renders the chat a few times for 600 deltas, not once per delta", async () => {
    const stream = scriptedStream();
    server.use(routeAnswers([stream]).handler);
    let commits = 0;
    render(
      <Profiler id="chat" onRender={() => (commits += 1)}>
        <WebSocketChat storageKey={false} />
      </Profiler>,
    );
    const user = userEvent.setup();
    await user.type(screen.getByTestId("chat-input"), "Stream a lot{Enter}");
    await screen.findByTestId("typing-indicator");
    const commitsBefore = commits;

    // 600 deltas in 30 bursts of 20, each burst in its own task, as network reads arrive.
    for (let burst = 0; burst < 30; burst += 1) {
      await act(async () => {
        for (let i = 0; i < 20; i += 1) stream.delta("word ");
        await new Promise((resolve) => setTimeout(resolve, 0));
      });
    }
    await act(async () => stream.done("word ".repeat(600).trimEnd()));
    await waitFor(() => expect(screen.getByTestId("message-assistant").dataset.state).toBe("done"));

    const streamingCommits = commits - commitsBefore;
    expect(screen.getByTestId("answer-text").textContent).toBe("word ".repeat(600).trimEnd());
    // At most one render per burst plus the status changes; one render per delta would be 600.
    expect(streamingCommits).toBeLessThanOrEqual(40);
  });

  it("uses the latest options at the next send without starting a new conversation", async () => {
    const first = scriptedStream();
    const second = scriptedStream();
    const { handler, requests } = routeAnswers([first, second]);
    server.use(handler);
    const { result, rerender } = renderHook((props: { temperature: number }) => useCreateAIChat({ storageKey: false, ...props }), {
      initialProps: { temperature: 0.2 },
    });
    act(() => void result.current.send("One"));
    await act(async () => first.done("1"));
    await waitFor(() => expect(result.current.status).toBe("ready"));

    rerender({ temperature: 0.9 });
    act(() => void result.current.send("Two"));
    await act(async () => second.done("2"));
    await waitFor(() => expect(result.current.status).toBe("ready"));

    expect(requests.map((request) => request.body.temperature)).toEqual([0.2, 0.9]);
    expect(result.current.messages).toHaveLength(4);
  });

  it("stops reading the answer in flight when the component unmounts", async () => {
    const stream = scriptedStream();
    server.use(routeAnswers([stream]).handler);
    const signals: AbortSignal[] = [];
    const { result, unmount } = renderHook(() =>
      useCreateAIChat({ storageKey: false, fetch: (input, init) => (init?.signal && signals.push(init.signal), fetch(input, init)) }),
    );
    act(() => void result.current.send("Going away"));
    await waitFor(() => expect(signals).toHaveLength(1));
    unmount();
    expect(signals[0]?.aborted).toBe(true);
  });
});
