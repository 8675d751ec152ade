/**
 * What a student can do with the last exchange: Regenerate the last answer (finished, stopped or
 * failed) and Edit the last question, which goes back into the question box and, sent, replaces
 * the question and its answer.
 */
import { act, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { StudyCoachChat as WebSocketChat } from "@/components/chat/StudyCoachChat";
import { server } from "./support/msw-server";
import { answerStreamRoutes, routeAnswers, scriptedStream, type ScriptedStream } from "./support/sse-stream";

const input = () => screen.getByTestId("chat-input") as HTMLTextAreaElement;
const questions = () => screen.queryAllByTestId("message-user").map((message) => message.textContent?.replace("You: ", ""));
const answerTexts = () => screen.queryAllByTestId("answer-text").map((answer) => answer.textContent);
const status = () => screen.getByTestId("chat").dataset.status;

const rateLimited = () => HttpResponse.json({ error: { code: "rate_limited", message: "Too many requests." } }, { status: 429 });

function setup(streams: ReadonlyArray<ScriptedStream | (() => Response)>) {
  const route = routeAnswers(streams);
  server.use(route.handler, ...answerStreamRoutes([]).handlers);
  const user = userEvent.setup();
  render(<WebSocketChat storageKey={false} />);
  return { user, requests: route.requests };
}

async function finish(stream: ScriptedStream, text: string) {
  await act(async () => {
    stream.start();
    stream.done(text);
  });
  await waitFor(() => expect(status()).toBe("ready"));
}

describe("Regenerate", () => {
  it("asks the last question again and replaces its answer; only the last answer offers it", async () => {
    const streams = [scriptedStream(), scriptedStream(), scriptedStream()];
    const { user, requests } = setup(streams);
    await user.type(input(), "First{Enter}");
    await finish(streams[0] as ScriptedStream, "Answer one.");
    await user.type(input(), "Second{Enter}");
    await finish(streams[1] as ScriptedStream, "Answer two.");
    expect(screen.getAllByTestId("regenerate-button")).toHaveLength(1);

    await user.click(screen.getByTestId("regenerate-button"));
    expect(screen.queryAllByTestId("regenerate-button")).toHaveLength(0); // not while it arrives
    await finish(streams[2] as ScriptedStream, "Answer two, again.");
    expect(questions()).toEqual(["First", "Second"]);
    expect(answerTexts()).toEqual(["Answer one.", "Answer two, again."]);
    const last = requests.at(-1)?.body as { messages: { content: string }[]; clientMessageId: string };
    expect(last.messages.map((message) => message.content)).toEqual(["First", "Answer one.", "Second"]);
    // A new send of the same question: a new id, or the route would refuse it as a duplicate.
    expect(last.clientMessageId).not.toBe((requests[1]?.body as { clientMessageId: string }).clientMessageId);
  });

  it("is offered on a stopped answer and on a failed one", async () => {
    const streams = [scriptedStream({ messageId: "a-1" }), scriptedStream(), scriptedStream()];
    const { user } = setup(streams);
    await user.type(input(), "Stop me{Enter}");
    await act(async () => {
      streams[0]?.start();
      streams[0]?.delta("Partial ");
    });
    await user.click(screen.getByTestId("stop-button"));
    await waitFor(() => expect(screen.getByTestId("message-assistant").dataset.state).toBe("stopped"));
    await user.click(screen.getByTestId("regenerate-button"));
    await act(async () => {
      streams[1]?.start();
      streams[1]?.delta("Half ");
    });
    await waitFor(() => expect(screen.getByTestId("answer-text").textContent).toBe("Half"));
    // The connection drops and the answer cannot be read again (the route has no copy of it).
    await act(async () => streams[1]?.drop());
    await waitFor(() => expect(screen.getByTestId("message-assistant").dataset.state).toBe("interrupted"), { timeout: 5_000 });
    await user.click(screen.getByTestId("regenerate-button"));
    await finish(streams[2] as ScriptedStream, "Whole.");
    expect(answerTexts()).toEqual(["Whole."]);
  });
});

/** "Old question" answered, then edited into "New question", which the route refuses (429); the next send is answered by `answerNext`. */
async function refuseAnEdit() {
  const streams = [scriptedStream(), rateLimited, scriptedStream()] as const;
  const { user, requests } = setup(streams);
  await user.type(input(), "Old question{Enter}");
  await finish(streams[0], "Old answer.");
  await user.click(screen.getByTestId("edit-button"));
  await user.clear(input());
  await user.type(input(), "New question{Enter}");
  await waitFor(() => expect(status()).toBe("error"));
  return { user, requests, answerNext: (text: string) => finish(streams[2], text) };
}

describe("a Regenerate or an Edit the route refuses", () => {
  it("keeps the exchange there was, with the error and Retry", async () => {
    const first = scriptedStream();
    const { user } = setup([first, rateLimited]);
    await user.type(input(), "Keep this{Enter}");
    await finish(first, "A good answer.");
    await user.click(screen.getByTestId("regenerate-button"));
    await waitFor(() => expect(status()).toBe("error"));
    expect(questions()).toEqual(["Keep this"]);
    expect(answerTexts()).toEqual(["A good answer."]);
    expect(screen.getByTestId("chat-error")).toBeTruthy();
  });

  it("keeps the old question and answer, puts the edited question back in the box, and Retry edits again", async () => {
    const { user, requests, answerNext } = await refuseAnEdit();
    expect(questions()).toEqual(["Old question"]);
    expect(answerTexts()).toEqual(["Old answer."]);
    expect(input().value).toBe("New question");
    // Still an edit: the notice says so, and Send would replace the question as Retry does.
    expect(screen.getByTestId("editing-notice")).toBeTruthy();

    await user.click(screen.getByTestId("retry-button"));
    await answerNext("New answer.");
    expect(questions()).toEqual(["New question"]);
    expect(answerTexts()).toEqual(["New answer."]);
    expect(input().value).toBe("");
    expect((requests.at(-1)?.body as { messages: { content: string }[] }).messages.map((m) => m.content)).toEqual(["New question"]);
  });
});

describe("Send after a refused edit", () => {
  it("replaces the last question, as Retry does, rather than asking it as a new one", async () => {
    const { user, answerNext } = await refuseAnEdit();
    await user.click(screen.getByTestId("send-button"));
    await answerNext("New answer.");
    expect(questions()).toEqual(["New question"]);
    expect(answerTexts()).toEqual(["New answer."]);
  });
});

describe("Edit", () => {
  it("puts the last question in the box; sending replaces it and its answer", async () => {
    const streams = [scriptedStream(), scriptedStream(), scriptedStream()];
    const { user, requests } = setup(streams);
    await user.type(input(), "Keep me{Enter}");
    await finish(streams[0] as ScriptedStream, "Kept.");
    await user.type(input(), "Waht is osmosis{Enter}");
    await finish(streams[1] as ScriptedStream, "A typo answer.");
    // Only the last question can be edited.
    expect(screen.getAllByTestId("edit-button")).toHaveLength(1);

    await user.click(screen.getByTestId("edit-button"));
    expect(input().value).toBe("Waht is osmosis");
    expect(document.activeElement).toBe(input());
    await user.clear(input());
    await user.type(input(), "What is osmosis?");
    await user.click(screen.getByTestId("send-button"));
    await finish(streams[2] as ScriptedStream, "The right answer.");

    expect(questions()).toEqual(["Keep me", "What is osmosis?"]);
    expect(answerTexts()).toEqual(["Kept.", "The right answer."]);
    const last = requests.at(-1)?.body as { messages: { content: string }[] };
    expect(last.messages.map((message) => message.content)).toEqual(["Keep me", "Kept.", "What is osmosis?"]);
  });

  it("Escape cancels the edit and empties the box; nothing is sent", async () => {
    const streams = [scriptedStream()];
    const { user, requests } = setup(streams);
    await user.type(input(), "Original{Enter}");
    await finish(streams[0] as ScriptedStream, "Answer.");
    await user.click(screen.getByTestId("edit-button"));
    expect(screen.getByTestId("editing-notice")).toBeTruthy();
    await user.keyboard("{Escape}");
    expect(input().value).toBe("");
    expect(screen.queryByTestId("editing-notice")).toBeNull();
    expect(questions()).toEqual(["Original"]);
    expect(requests).toHaveLength(1);
  });
});
