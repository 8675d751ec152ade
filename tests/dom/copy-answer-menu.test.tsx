/**
 * Copying a whole answer: its Markdown in one click, or from the menu its Markdown or its text
 * as read; the menu by keyboard as a menu button; and what it says when there is no clipboard.
 */
import { act, fireEvent, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CopyAnswerMenu } from "@/components/chat/CopyAnswerMenu";

const ANSWER = "## Osmosis\n\n**Water** moves across a *membrane*.\n\n| Side | Water |\n|---|---|\n| A | in |";
const ANSWER_TEXT = "Osmosis\n\nWater moves across a membrane.\n\nSide\tWater\nA\tin";

/** What the page copied; `writeText` replaced for the failure cases. */
function stubClipboard(writeText: (text: string) => Promise<void> = async () => undefined) {
  const clipboard = { writeText: vi.fn(writeText) };
  Object.defineProperty(navigator, "clipboard", { configurable: true, value: clipboard });
  return clipboard.writeText;
}

function setup(writeText?: (text: string) => Promise<void>) {
  // userEvent.setup() puts its own clipboard on navigator: ours goes on after it.
  const user = userEvent.setup();
  const copied = stubClipboard(writeText);
  render(<CopyAnswerMenu content={ANSWER} />);
  return { user, copied, trigger: screen.getByTestId("copy-answer-button") };
}

const menu = () => screen.queryByRole("menu");
const status = () => screen.getByRole("status");

afterEach(() => {
  Reflect.deleteProperty(navigator, "clipboard");
  vi.useRealTimers();
});

describe("CopyAnswerMenu", () => {
  it("copies the Markdown in one click and says so on the button", async () => {
    const { user, copied } = setup();
    await user.click(screen.getByRole("button", { name: "Copy answer" }));
    expect(copied).toHaveBeenCalledExactlyOnceWith(ANSWER);
    expect(await screen.findByRole("button", { name: "Copied" })).toBeTruthy();
  });

  it("is a menu button: Enter opens it on its first choice, the arrows move and wrap, Home and End jump", async () => {
    const { user, trigger } = setup();
    expect(trigger.getAttribute("aria-haspopup")).toBe("menu");
    expect(trigger.getAttribute("aria-expanded")).toBe("false");
    trigger.focus();
    await user.keyboard("{Enter}");

    expect(trigger.getAttribute("aria-expanded")).toBe("true");
    expect(trigger.getAttribute("aria-controls")).toBe(menu()?.id);
    expect(screen.getAllByRole("menuitem").map((item) => item.textContent)).toEqual(["Copy as Markdown", "Copy as text"]);
    expect(document.activeElement).toBe(screen.getByTestId("copy-answer-markdown"));
    await user.keyboard("{ArrowDown}");
    expect(document.activeElement).toBe(screen.getByTestId("copy-answer-text"));
    await user.keyboard("{ArrowDown}");
    expect(document.activeElement).toBe(screen.getByTestId("copy-answer-markdown"));
    await user.keyboard("{ArrowUp}");
    expect(document.activeElement).toBe(screen.getByTestId("copy-answer-text"));
    await user.keyboard("{Home}");
    expect(document.activeElement).toBe(screen.getByTestId("copy-answer-markdown"));
    await user.keyboard("{End}");
    expect(document.activeElement).toBe(screen.getByTestId("copy-answer-text"));
  });

  it("opens on its last choice with ArrowUp and on its first with ArrowDown", async () => {
    const { user, trigger } = setup();
    trigger.focus();
    await user.keyboard("{ArrowUp}");
    expect(document.activeElement).toBe(screen.getByTestId("copy-answer-text"));
    await user.keyboard("{Escape}{ArrowDown}");
    expect(document.activeElement).toBe(screen.getByTestId("copy-answer-markdown"));
  });

  it.each([
    ["copy-answer-text", ANSWER_TEXT, "Copied as text"],
    ["copy-answer-markdown", ANSWER, "Copied as Markdown"],
  ])("%s copies, closes the menu, hands the focus back and announces it", async (testId, expected, announced) => {
    const { user, copied, trigger } = setup();
    await user.click(trigger);
    await user.click(screen.getByTestId(testId));
    expect(copied).toHaveBeenCalledExactlyOnceWith(expected);
    expect(menu()).toBeNull();
    expect(trigger.getAttribute("aria-expanded")).toBe("false");
    expect(document.activeElement).toBe(trigger);
    expect(status().textContent).toBe(announced);
    expect(screen.getByRole("button", { name: "Copied" }).textContent).toBe("Copied");
  });

  it("copies the text with the keyboard alone", async () => {
    const { user, copied, trigger } = setup();
    trigger.focus();
    await user.keyboard("{Enter}{ArrowDown}{Enter}");
    expect(copied).toHaveBeenCalledExactlyOnceWith(ANSWER_TEXT);
    expect(document.activeElement).toBe(trigger);
  });

  it("closes on Escape, back on its button, without the page's Escape (which stops an answer) seeing it", async () => {
    const { user, copied, trigger } = setup();
    const keysSeenByPage: string[] = [];
    const pageKeyDown = (event: KeyboardEvent) => keysSeenByPage.push(event.key);
    document.addEventListener("keydown", pageKeyDown);
    try {
      await user.click(trigger);
      await user.keyboard("{ArrowDown}{Escape}");
      expect(menu()).toBeNull();
      expect(document.activeElement).toBe(trigger);
      expect(keysSeenByPage).toEqual(["ArrowDown"]);
      expect(copied).not.toHaveBeenCalled();
    } finally {
      document.removeEventListener("keydown", pageKeyDown);
    }
  });

  it("closes on a click outside and on Tab", async () => {
    const { user, trigger } = setup();
    await user.click(trigger);
    expect(menu()).not.toBeNull();
    await user.click(document.body);
    expect(menu()).toBeNull();

    await user.click(trigger);
    await user.click(trigger);
    expect(menu()).toBeNull();

    trigger.focus();
    await user.keyboard("{Enter}");
    expect(menu()).not.toBeNull();
    await user.tab();
    expect(menu()).toBeNull();
  });

  it("says Copy failed when the clipboard refuses", async () => {
    const { user, trigger } = setup(() => Promise.reject(new DOMException("Write permission denied.", "NotAllowedError")));
    await user.click(trigger);
    await user.click(screen.getByTestId("copy-answer-text"));
    expect(status().textContent).toBe("Copy failed");
    expect(screen.getByRole("button", { name: "Copy failed" }).textContent).toBe("Copy failed");
  });

  it("says Copy failed where there is no clipboard (not https), then goes back to Copy after 2 s", async () => {
    vi.useFakeTimers();
    render(<CopyAnswerMenu content={ANSWER} />);
    Reflect.deleteProperty(navigator, "clipboard");
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Copy answer" }));
    });
    expect(screen.getByRole("button", { name: "Copy failed" })).toBeTruthy();
    act(() => vi.advanceTimersByTime(1_999));
    expect(screen.getByRole("button", { name: "Copy failed" })).toBeTruthy();
    act(() => vi.advanceTimersByTime(1));
    expect(screen.getByRole("button", { name: "Copy answer" }).textContent).toBe("Copy");
  });
});
