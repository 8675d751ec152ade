/**
 * The student's conversations in the chat: listed by title, kept across a remount (a reload),
 * New chat keeping the previous one, switching, renaming and deleting; Escape stopping an
 * answer; example prompts only on an empty conversation; a quiet notice when storage fails.
 */
import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { StudyCoachChat as WebSocketChat } from "@/components/chat/StudyCoachChat";
import { reportStorageHealth } from "@/lib/chat-client/storage-health";
import { server } from "./support/msw-server";
import { answerStreamRoutes, routeAnswers, scriptedStream } from "./support/sse-stream";

const input = () => screen.getByTestId("chat-input") as HTMLTextAreaElement;
const items = () => screen.queryAllByTestId("conversation-item");
const titles = () => items().map((item) => item.textContent?.trim());
const questions = () => screen.queryAllByTestId("message-user").map((message) => message.textContent?.replace("You: ", ""));

// jsdom has no layout: every element measures 0 px wide, so the list is a drawer. The sidebar
// case is the same list in another place; Chromium tests cover it.
beforeAll(() => {
  HTMLDialogElement.prototype.showModal ??= function showModal(this: HTMLDialogElement) {
    this.setAttribute("open", "");
  };
  HTMLDialogElement.prototype.close ??= function close(this: HTMLDialogElement) {
    this.removeAttribute("open");
    this.dispatchEvent(new Event("close"));
  };
});
afterEach(() => {
  vi.restoreAllMocks();
  reportStorageHealth("ok"); // one flag per page: the next test's page starts healthy
});

async function askAndFinish(user: ReturnType<typeof userEvent.setup>, question: string, answer: string) {
  const stream = scriptedStream();
  server.use(routeAnswers([stream]).handler);
  await user.type(input(), `${question}{Enter}`);
  await act(async () => {
    stream.start();
    stream.done(answer);
  });
  await waitFor(() => expect(screen.getByTestId("chat").dataset.status).toBe("ready"));
}

describe("conversations in WebSocketChat", () => {
  it("lists a conversation by its first question, keeps it across a remount, and New chat keeps the previous one", async () => {
    const user = userEvent.setup();
    const view = render(<WebSocketChat courseId="BIO-101" />);
    expect(items()).toHaveLength(0);
    await askAndFinish(user, "what is osmosis?", "Water moving.");
    await waitFor(() => expect(titles()).toEqual(["What is osmosis?"]));

    view.unmount();
    render(<WebSocketChat courseId="BIO-101" />);
    await waitFor(() => expect(questions()).toEqual(["what is osmosis?"]));
    expect(titles()).toEqual(["What is osmosis?"]);

    await user.click(screen.getByTestId("new-chat-button"));
    expect(questions()).toEqual([]);
    expect(document.activeElement).toBe(input());
    await askAndFinish(user, "Define diffusion", "Spreading out.");
    await waitFor(() => expect(titles()).toEqual(["Define diffusion", "What is osmosis?"]));

    expect(screen.getByTestId("chat-announcer").textContent).toBe("Answer: Spreading out.");
    // Picking the older one shows it again, from storage, without reading its answer out.
    await user.click(within(items()[1] as HTMLElement).getByTestId("conversation-open"));
    await waitFor(() => expect(questions()).toEqual(["what is osmosis?"]));
    expect(screen.getByText("Water moving.")).toBeTruthy();
    expect(screen.getByTestId("chat-announcer").textContent).not.toContain("Water moving.");
  });

  it("an answer still arriving when the student switches away goes on, and is read on when they come back", async () => {
    const user = userEvent.setup();
    const post = scriptedStream({ messageId: "a-9" });
    const rest = scriptedStream({ messageId: "a-9", firstId: 3 });
    server.use(routeAnswers([post]).handler);
    const streams = answerStreamRoutes([rest]);
    server.use(...streams.handlers);
    render(<WebSocketChat courseId="BIO-101" />);
    await user.type(input(), "Long one{Enter}");
    await act(async () => {
      post.start();
      post.delta("First half, ");
    });
    await waitFor(() => expect(screen.getByTestId("answer-text").textContent).toContain("First half"));

    await user.click(screen.getByTestId("new-chat-button"));
    expect(questions()).toEqual([]);
    // Leaving is not stopping: the answer goes on on the server for whoever reads it next.
    expect(streams.stops).toEqual([]);

    await user.click(screen.getByTestId("conversation-open"));
    await waitFor(() => expect(streams.reads).toEqual([{ id: "a-9", lastEventId: "2" }]));
    await act(async () => {
      rest.delta("second half.");
      rest.done("First half, second half.");
    });
    await waitFor(() => expect(screen.getByTestId("message-assistant").dataset.state).toBe("done"));
    expect(screen.getByTestId("answer-text").textContent).toBe("First half, second half.");
  });

  it("deleting a conversation whose answer still runs on the server, from another one, stops that answer", async () => {
    const user = userEvent.setup();
    const post = scriptedStream({ messageId: "a-7" });
    server.use(routeAnswers([post]).handler);
    const streams = answerStreamRoutes([]);
    server.use(...streams.handlers);
    render(<WebSocketChat courseId="BIO-101" />);
    await user.type(input(), "Left running{Enter}");
    await act(async () => {
      post.start();
      post.delta("Partly ");
    });
    await waitFor(() => expect(items()).toHaveLength(1));
    await user.click(screen.getByTestId("new-chat-button"));
    expect(streams.stops).toEqual([]);

    await user.click(screen.getByTestId("conversations-button"));
    await user.click(screen.getByTestId("conversation-delete"));
    await user.click(screen.getByTestId("conversation-delete-confirm"));
    await waitFor(() => expect(streams.stops).toEqual(["a-7"]));
    expect(items()).toHaveLength(0);
  });

  it("renames a conversation by hand, and the name survives later questions", async () => {
    const user = userEvent.setup();
    render(<WebSocketChat courseId="BIO-101" />);
    await askAndFinish(user, "First question", "One.");
    await waitFor(() => expect(items()).toHaveLength(1));
    await user.click(screen.getByTestId("conversations-button"));
    await user.click(screen.getByTestId("conversation-rename"));
    const field = screen.getByTestId("conversation-rename-input");
    await user.clear(field);
    await user.type(field, "Exam prep{Enter}");
    expect(titles()).toEqual(["Exam prep"]);
    // The keyboard user is back on the row, not thrown to the top of the page.
    expect(document.activeElement).toBe(screen.getByTestId("conversation-open"));
    await askAndFinish(user, "Second question", "Two.");
    expect(titles()).toEqual(["Exam prep"]);
  });

  it("deletes a conversation after confirmation; deleting the one shown stops its answer and starts a new chat", async () => {
    const user = userEvent.setup();
    const post = scriptedStream({ messageId: "a-1" });
    server.use(routeAnswers([post]).handler);
    const streams = answerStreamRoutes([]);
    server.use(...streams.handlers);
    render(<WebSocketChat courseId="BIO-101" />);
    await user.type(input(), "Doomed question{Enter}");
    await act(async () => {
      post.start();
      post.delta("Half ");
    });
    await waitFor(() => expect(items()).toHaveLength(1));

    await user.click(screen.getByTestId("conversation-delete"));
    expect(items()).toHaveLength(1);
    await user.click(screen.getByTestId("conversation-delete-confirm"));
    expect(items()).toHaveLength(0);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("conversation-list")));
    expect(questions()).toEqual([]);
    await waitFor(() => expect(streams.stops).toEqual(["a-1"]));
    expect(Object.keys(localStorage).filter((key) => !key.endsWith("#index"))).toEqual([]);
  });

  it("Escape stops the answer arriving, wherever the focus is, and keeps its text", async () => {
    const user = userEvent.setup();
    const post = scriptedStream({ messageId: "a-2" });
    server.use(routeAnswers([post]).handler);
    const streams = answerStreamRoutes([]);
    server.use(...streams.handlers);
    render(<WebSocketChat storageKey={false} />);
    await user.type(input(), "Long answer please{Enter}");
    await act(async () => {
      post.start();
      post.delta("The first part ");
    });
    await waitFor(() => expect(screen.getByTestId("answer-text").textContent).toContain("The first part"));
    screen.getByTestId("message-list").focus();
    await user.keyboard("{Escape}");
    await waitFor(() => expect(screen.getByTestId("message-assistant").dataset.state).toBe("stopped"));
    expect(screen.getByTestId("answer-text").textContent).toContain("The first part");
    expect(streams.stops).toEqual(["a-2"]);
    expect(document.activeElement).toBe(input());
  });

  it("offers example prompts only while the conversation is empty", async () => {
    const user = userEvent.setup();
    render(<WebSocketChat storageKey={false} examplePrompts={[{ prompt: "Explain osmosis" }]} />);
    expect(screen.getAllByTestId("example-prompt")).toHaveLength(1);
    await askAndFinish(user, "Something else", "Done.");
    expect(screen.queryAllByTestId("example-prompt")).toHaveLength(0);
  });

  it("with storage refused altogether, keeps one conversation that New chat clears, and says nothing is kept", async () => {
    vi.spyOn(window, "localStorage", "get").mockImplementation(() => {
      throw new DOMException("The operation is insecure.", "SecurityError");
    });
    const user = userEvent.setup();
    render(<WebSocketChat courseId="BIO-101" />);
    expect(screen.getByTestId("storage-notice").textContent).toMatch(/not saving chats/);
    await askAndFinish(user, "Kept only here", "On screen.");
    expect(screen.queryByTestId("conversations-button")).toBeNull();
    expect(items()).toHaveLength(0);
    await user.click(screen.getByTestId("new-chat-button"));
    expect(questions()).toEqual([]);
  });

  it("works on with a quiet notice when the browser's storage is full", async () => {
    vi.spyOn(Storage.prototype, "setItem").mockImplementation(() => {
      throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
    });
    const user = userEvent.setup();
    render(<WebSocketChat courseId="BIO-101" />);
    await askAndFinish(user, "Will this be kept?", "Not in storage.");
    expect(screen.getByText("Not in storage.")).toBeTruthy();
    expect(screen.getByTestId("storage-notice").textContent).toMatch(/storage is full/);
  });
});
