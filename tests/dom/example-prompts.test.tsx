/**
 * The example questions: a chip's description reaches screen readers, and nothing in the row is
 * positioned where it could escape the row and widen the page on a phone.
 */
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ExamplePrompts, type ExamplePrompt } from "@/components/chat/ExamplePrompts";

const PROMPTS: readonly ExamplePrompt[] = [
  { prompt: "Explain osmosis in three bullet points.", label: "Explain osmosis" },
  { prompt: "/demo slow", description: "the usual answer at 250 ms a chunk, to try Stop" },
  { prompt: "/demo long", description: "a long Markdown answer, to try scrolling" },
];

function setup(disabled = false) {
  const onPick = vi.fn();
  const view = render(<ExamplePrompts prompts={PROMPTS} disabled={disabled} onPick={onPick} />);
  return { onPick, view, list: screen.getByRole("list", { name: "Example questions" }) };
}

describe("ExamplePrompts", () => {
  it("names a chip by its label and describes it by its description", () => {
    setup();
    expect(screen.getByRole("button", { name: "Explain osmosis", description: "" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "/demo slow", description: "the usual answer at 250 ms a chunk, to try Stop" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "/demo long", description: "a long Markdown answer, to try scrolling" })).toBeTruthy();
  });

  it("keeps each description hidden, and nothing else positioned inside the row", () => {
    const { list } = setup();
    expect(screen.getAllByTestId("example-prompt")).toHaveLength(3);
    for (const button of within(list).getAllByRole("button")) {
      const id = button.getAttribute("aria-describedby");
      if (id !== null) expect(document.getElementById(id)?.hidden).toBe(true);
    }
    // sr-only, absolute and fixed elements leave the scrolling row unless it contains them.
    const shown = [...list.querySelectorAll<HTMLElement>("*")].filter((element) => element.closest("[hidden]") === null);
    const positioned = shown.filter((element) => /(^|\s)(sr-only|absolute|fixed)(\s|$)/.test(element.className.toString()));
    expect(positioned).toEqual([]);
    expect(list.classList.contains("relative")).toBe(true);
  });

  it("sends a prompt in one click, and none while disabled", async () => {
    const user = userEvent.setup();
    const { onPick, view } = setup();
    await user.click(screen.getByRole("button", { name: "/demo long" }));
    expect(onPick).toHaveBeenCalledExactlyOnceWith("/demo long");

    view.unmount();
    const disabled = setup(true);
    await user.click(screen.getByRole("button", { name: "/demo slow" }));
    expect(disabled.onPick).not.toHaveBeenCalled();
  });
});
