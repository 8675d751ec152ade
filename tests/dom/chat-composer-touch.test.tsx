/**
 * The question box on a touch screen and with a mouse or trackpad: what Enter does, what the
 * hint under the box says, and whether the box takes the focus when the page loads.
 */
import { fireEvent, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useRef, useState } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ChatComposer } from "@/components/chat/ChatComposer";

type Pointer = "fine" | "coarse";

/** A browser whose primary pointer is `pointer`; jsdom has no matchMedia of its own. */
function stubPointer(pointer: Pointer): void {
  const matchMedia = (query: string) => ({
    matches: query === `(pointer: ${pointer})`,
    media: query,
    onchange: null,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    addListener: () => undefined,
    removeListener: () => undefined,
    dispatchEvent: () => false,
  });
  Object.defineProperty(window, "matchMedia", { configurable: true, writable: true, value: matchMedia });
}

afterEach(() => {
  Reflect.deleteProperty(window, "matchMedia");
});

function Composer({ onSend, focusOnMount }: { onSend: (text: string) => boolean; focusOnMount?: boolean }) {
  const [draft, setDraft] = useState("");
  const inputRef = useRef<HTMLTextAreaElement>(null);
  return (
    <ChatComposer
      busy={false}
      draft={draft}
      onDraftChange={setDraft}
      onSend={onSend}
      onStop={() => undefined}
      inputRef={inputRef}
      label="Ask a question"
      placeholder="Ask…"
      focusOnMount={focusOnMount}
    />
  );
}

function setup(pointer?: Pointer, props: { focusOnMount?: boolean } = {}) {
  if (pointer) stubPointer(pointer);
  const onSend = vi.fn((_text: string) => true);
  const user = userEvent.setup();
  render(<Composer onSend={onSend} {...props} />);
  return { onSend, user, input: screen.getByTestId("chat-input") as HTMLTextAreaElement };
}

describe("Enter in the question box", () => {
  it("sends with a mouse or trackpad", async () => {
    const { onSend, user, input } = setup("fine");
    await user.type(input, "What is osmosis?{Enter}");
    expect(onSend).toHaveBeenCalledExactlyOnceWith("What is osmosis?");
    expect(input.value).toBe("");
  });

  it("adds a line on a touch screen, where the Send button sends", async () => {
    const { onSend, user, input } = setup("coarse");
    await user.type(input, "Line one{Enter}Line two");
    expect(input.value).toBe("Line one\nLine two");
    expect(onSend).not.toHaveBeenCalled();

    await user.click(screen.getByTestId("send-button"));
    expect(onSend).toHaveBeenCalledExactlyOnceWith("Line one\nLine two");
  });

  it("sends where the pointer cannot be known (no matchMedia), as before", async () => {
    const { onSend, user, input } = setup();
    await user.type(input, "Hello{Enter}");
    expect(onSend).toHaveBeenCalledExactlyOnceWith("Hello");
  });

  it.each<Pointer>(["fine", "coarse"])("never sends with Shift+Enter (%s pointer)", async (pointer) => {
    const { onSend, user, input } = setup(pointer);
    await user.type(input, "Line one{Shift>}{Enter}{/Shift}Line two");
    expect(input.value).toBe("Line one\nLine two");
    expect(onSend).not.toHaveBeenCalled();
  });

  it.each([
    ["while an input method is composing", { isComposing: true }],
    ["for Safari's Enter that confirms a composition (keyCode 229)", { keyCode: 229 }],
  ])("does not send %s", async (_name, init) => {
    const { onSend, user, input } = setup("fine");
    await user.type(input, "にほんご");
    fireEvent.keyDown(input, { key: "Enter", ...init });
    expect(onSend).not.toHaveBeenCalled();
    fireEvent.keyDown(input, { key: "Enter" });
    expect(onSend).toHaveBeenCalledExactlyOnceWith("にほんご");
  });
});

describe("the hint under the question box", () => {
  it.each<[Pointer, string]>([
    ["fine", "Enter to send, Shift+Enter for a new line."],
    ["coarse", "Enter adds a new line; use the Send button to send."],
  ])("says what Enter does with a %s pointer, also as the box's description", (pointer, hint) => {
    setup(pointer);
    expect(screen.getByRole("textbox", { name: "Ask a question", description: hint })).toBeTruthy();
  });
});

describe("focus when the page loads", () => {
  it("is in the question box with a mouse or trackpad", () => {
    const { input } = setup("fine");
    expect(document.activeElement).toBe(input);
  });

  it("stays off the box on a touch screen, where it would pop the keyboard up", () => {
    setup("coarse");
    expect(document.activeElement).toBe(document.body);
  });

  it("stays off the box where the pointer cannot be known", () => {
    setup();
    expect(document.activeElement).toBe(document.body);
  });

  it("stays off the box when focusOnMount is false", () => {
    setup("fine", { focusOnMount: false });
    expect(document.activeElement).toBe(document.body);
  });

  it("is not taken from something the page focused first", () => {
    stubPointer("fine");
    render(
      <>
        <input aria-label="Course" autoFocus />
        <Composer onSend={() => true} />
      </>,
    );
    expect(document.activeElement).toBe(screen.getByRole("textbox", { name: "Course" }));
  });
});
