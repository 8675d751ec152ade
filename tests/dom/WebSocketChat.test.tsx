import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { StudyCoachChat as WebSocketChat } from "@/components/chat/StudyCoachChat";
import { server } from "./support/msw-server";
import { answerStreamRoutes, routeAnswers, scriptedStream, signalRecordingFetch, type ScriptedStream } from "./support/sse-stream";

function setup(answers: Parameters<typeof routeAnswers>[0], props: Partial<Parameters<typeof WebSocketChat>[0]> = {}) {
  const route = routeAnswers(answers);
  server.use(route.handler);
  const user = userEvent.setup();
  const view = render(<WebSocketChat storageKey={false} {...props} />);
  return { ...route, user, view };
}

const input = () => screen.getByTestId("chat-input") as HTMLTextAreaElement;
const answers = () => screen.queryAllByTestId("message-assistant");
const lastAnswer = () => answers().at(-1) as HTMLElement;

async function ask(user: ReturnType<typeof userEvent.setup>, question: string): Promise<void> {
  await user.type(input(), question);
  await user.keyboard("{Enter}");
}

/** Pushes events outside React's knowledge; act() flushes the renders they cause. */
async function push(run: () => void): Promise<void> {
  await act(async () => run());
}

async function answerState(state: string): Promise<void> {
  await waitFor(() => expect(lastAnswer().dataset.state).toBe(state));
}

describe("WebSocketChat", () => {
  it("shows a typing indicator, then the answer growing as Markdown, then the finished answer", async () => {
    const stream = scriptedStream();
    const { user } = setup([stream]);
    await ask(user, "What is osmosis?");

    expect(screen.getByTestId("message-user").textContent).toContain("What is osmosis?");
    await screen.findByTestId("typing-indicator");
    expect(screen.getByTestId("stop-button")).toBeTruthy();

    await push(() => {
      stream.start();
      stream.delta("**Osmosis** is ");
    });
    await waitFor(() => expect(lastAnswer().textContent).toContain("Osmosis is"));
    expect(screen.queryByTestId("typing-indicator")).toBeNull();
    expect(lastAnswer().querySelector("strong")?.textContent).toBe("Osmosis");
    expect(lastAnswer().querySelector(".answer-streaming")).not.toBeNull();
    expect(lastAnswer().getAttribute("aria-busy")).toBe("true");

    await push(() => stream.delta("water moving:\n\n- in\n- out\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n```ts\nconst x = 1;\n```"));
    await waitFor(() => expect(lastAnswer().querySelectorAll("li")).toHaveLength(2));
    await push(() => stream.done("**Osmosis** is water moving:\n\n- in\n- out\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n```ts\nconst x = 1;\n```"));
    await answerState("done");

    expect(lastAnswer().querySelector("table td")?.textContent).toBe("1");
    expect(lastAnswer().querySelector("pre code")?.textContent).toContain("const x = 1;");
    expect(lastAnswer().querySelector(".answer-streaming")).toBeNull();
    expect((screen.getByTestId("send-button") as HTMLButtonElement).disabled).toBe(true);
  });

  it("Stop ends the answer, keeps its text, aborts the request and gives the input its focus back", async () => {
    const stream = scriptedStream();
    const recorder = signalRecordingFetch();
    const { user } = setup([stream], { fetch: recorder.fetch });
    await ask(user, "/demo slow");
    await push(() => stream.delta("A slow start"));
    await waitFor(() => expect(lastAnswer().textContent).toContain("A slow start"));

    await user.click(screen.getByTestId("stop-button"));

    expect(recorder.signals[0]?.aborted).toBe(true);
    await answerState("stopped");
    expect(lastAnswer().textContent).toContain("A slow start");
    expect(screen.getByTestId("answer-end-note").textContent).toMatch(/stopped/i);
    expect(screen.queryByTestId("stop-button")).toBeNull();
    expect(screen.getByTestId("send-button")).toBeTruthy();
    expect(screen.queryByTestId("retry-button")).toBeNull();
    expect(document.activeElement).toBe(input());
  });

  it("shows a failure in a student's words with Retry, and Retry asks again and succeeds", async () => {
    const healthy = scriptedStream();
    const { user, requests } = setup([
      () => HttpResponse.json({ error: { code: "upstream_unavailable", message: "The AI service could not be reached. Please try again." } }, { status: 502 }),
      healthy,
    ]);
    await ask(user, "Explain diffusion");

    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("The Study Coach can't be reached right now.");
    expect(answers()).toHaveLength(0);

    await user.click(screen.getByTestId("retry-button"));
    await push(() => {
      healthy.delta("Diffusion spreads particles.");
      healthy.done("Diffusion spreads particles.");
    });
    await answerState("done");
    expect(screen.queryByRole("alert")).toBeNull();
    expect(screen.getAllByTestId("message-user")).toHaveLength(1);
    expect(requests).toHaveLength(2);
    expect(requests[1]?.body.messages).toEqual([{ role: "user", content: "Explain diffusion" }]);
    expect(document.activeElement).toBe(input());
  });

  it("keeps an interrupted answer, marks it, and offers Retry", async () => {
    const stream = scriptedStream();
    const { user } = setup([stream]);
    await ask(user, "/demo error");
    await push(() => {
      stream.delta("Half of the answer");
      stream.end();
    });
    await answerState("interrupted");
    expect(lastAnswer().textContent).toContain("Half of the answer");
    expect(screen.getByTestId("answer-end-note").textContent).toMatch(/interrupted/i);
    expect(screen.getByTestId("chat-error").dataset.code).toBe("interrupted");
    expect(screen.getByTestId("retry-button")).toBeTruthy();
  });

  it("Enter sends, Shift+Enter adds a line, and Send is disabled while the box is empty", async () => {
    const stream = scriptedStream();
    const { user, requests } = setup([stream]);
    const send = screen.getByTestId("send-button") as HTMLButtonElement;
    expect(send.disabled).toBe(true);
    await user.type(input(), "   ");
    expect(send.disabled).toBe(true);
    await user.clear(input());

    await user.type(input(), "Line one{Shift>}{Enter}{/Shift}Line two");
    expect(input().value).toBe("Line one\nLine two");
    expect(send.disabled).toBe(false);
    expect(requests).toHaveLength(0);

    await user.keyboard("{Enter}");
    await waitFor(() => expect(requests).toHaveLength(1));
    expect(input().value).toBe("");
    expect(requests[0]?.body.messages).toEqual([{ role: "user", content: "Line one\nLine two" }]);
    await push(() => stream.done("ok"));
  });

  it("sends an example prompt in one click", async () => {
    const stream = scriptedStream();
    const { user, requests } = setup([stream], { examplePrompts: [{ prompt: "/demo long", description: "a long answer" }] });
    await user.click(screen.getByRole("button", { name: /demo long/ }));
    await waitFor(() => expect(requests[0]?.body.messages).toEqual([{ role: "user", content: "/demo long" }]));
    await push(() => stream.done("long"));
  });

  it("renders raw HTML in an answer as text, never as elements", async () => {
    const stream = scriptedStream();
    const { user, view } = setup([stream]);
    await ask(user, "Say something nasty");
    const nasty = 'Look: <img src=x onerror="alert(1)"> <script>alert(2)</script> [link](javascript:alert(3))';
    await push(() => stream.done(nasty));
    await answerState("done");
    expect(view.container.querySelector("img, script")).toBeNull();
    expect(lastAnswer().textContent).toContain('<img src=x onerror="alert(1)">');
    expect(lastAnswer().querySelector("a")?.getAttribute("href") ?? "").not.toContain("javascript:");
  });

  it("copies an answer's Markdown", async () => {
    const stream = scriptedStream();
    const { user } = setup([stream]);
    await ask(user, "Copy me");
    await push(() => stream.done("**Copied** text"));
    await answerState("done");
    await user.click(within(lastAnswer()).getByRole("button", { name: "Copy answer" }));
    expect(await navigator.clipboard.readText()).toBe("**Copied** text");
    await screen.findByRole("button", { name: "Copied" });
  });

  it("copies a stopped answer with a note that it is incomplete, so the copy never looks whole", async () => {
    const stream = scriptedStream({ messageId: "a-stop" });
    const { user } = setup([stream]);
    server.use(...answerStreamRoutes([]).handlers);
    await ask(user, "Copy me half");
    await push(() => {
      stream.start();
      stream.delta("Half of it");
    });
    await waitFor(() => expect(lastAnswer().textContent).toContain("Half of it"));
    await user.click(screen.getByTestId("stop-button"));
    await answerState("stopped");
    await user.click(within(lastAnswer()).getByRole("button", { name: "Copy answer" }));
    expect(await navigator.clipboard.readText()).toBe("Half of it\n\n(Stopped. The answer above is incomplete.)");
  });

  it("announces the complete answer once instead of every token", async () => {
    const stream = scriptedStream();
    const { user } = setup([stream]);
    const announcer = screen.getByTestId("chat-announcer");
    expect(announcer.getAttribute("aria-live")).toBe("polite");
    await ask(user, "Announce");
    await waitFor(() => expect(announcer.textContent).toMatch(/answering/i));
    await push(() => stream.delta("Partial words"));
    await waitFor(() => expect(lastAnswer().textContent).toContain("Partial words"));
    expect(announcer.textContent).not.toContain("Partial words");
    await push(() => stream.done("Partial words, then the end."));
    await waitFor(() => expect(announcer.textContent).toContain("Partial words, then the end."));
  });

  it("New chat clears the conversation and asks in a new session", async () => {
    const first = scriptedStream();
    const second = scriptedStream();
    const { user, requests } = setup([first, second]);
    await ask(user, "First");
    await push(() => {
      first.start("local", "s1.first-conversation");
      first.done("One");
    });
    await answerState("done");

    await user.click(screen.getByTestId("new-chat-button"));
    expect(screen.queryAllByTestId("message-user")).toHaveLength(0);
    expect(document.activeElement).toBe(input());
    await ask(user, "Second");
    await push(() => second.done("Two"));
    await answerState("done");
    expect(requests[1]?.body.messages).toEqual([{ role: "user", content: "Second" }]);
    expect(requests[1]?.body).not.toHaveProperty("sessionId");
  });
});

describe("WebSocketChat persistence", () => {
  async function converse(stream: ScriptedStream, props: Partial<Parameters<typeof WebSocketChat>[0]>) {
    const { user, view } = setup([stream], { storageKey: undefined, ...props });
    await ask(user, "Keep this");
    await push(() => stream.done("Kept."));
    await answerState("done");
    return view;
  }

  it("shows the conversation again after a remount (a reload)", async () => {
    const view = await converse(scriptedStream(), { courseId: "BIO-101" });
    view.unmount();

    render(<WebSocketChat courseId="BIO-101" />);
    await waitFor(() => expect(screen.getAllByTestId("message-user")).toHaveLength(1));
    expect(screen.getByTestId("message-user").textContent).toContain("Keep this");
    expect(lastAnswer().textContent).toContain("Kept.");
  });

  it("keeps conversations of different courses apart", async () => {
    const view = await converse(scriptedStream(), { courseId: "BIO-101" });
    view.unmount();
    render(<WebSocketChat courseId="CHM-113" />);
    expect(screen.queryAllByTestId("message-user")).toHaveLength(0);
  });
});
