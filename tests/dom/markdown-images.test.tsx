import { act, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { Markdown } from "@/components/chat/Markdown";
import { imageDisplay, imagePolicy, type ImageDisplay, type RemoteImages } from "@/components/chat/markdown-images";
import { StudyCoachChat } from "@/components/chat/StudyCoachChat";
import { server } from "./support/msw-server";
import { routeAnswers, scriptedStream } from "./support/sse-stream";

const PIXEL = "https://evil.example/pixel?id=student-42";
const PNG = "data:image/png;base64,iVBORw0KGgo=";

describe("imageDisplay", () => {
  const cases: Array<[src: string, allow: RemoteImages, expected: ImageDisplay]> = [
    [PIXEL, false, "link"],
    [PIXEL, true, "image"],
    [PIXEL, ["https://evil.example"], "image"],
    [PIXEL, ["https://EVIL.example/"], "image"],
    [PIXEL, ["https://images.example.edu"], "link"],
    [PIXEL, ["http://evil.example"], "link"],
    [PIXEL, ["not a url", ""], "link"],
    ["https://evil.example:8443/p", ["https://evil.example"], "link"],
    ["//evil.example/pixel", false, "link"],
    ["//evil.example/pixel", ["https://evil.example"], "link"],
    ["/pixel", false, "link"],
    ["/pixel", ["http://localhost"], "link"],
    ["/pixel", true, "image"],
    [PNG, false, "image"],
    ["data:image/svg+xml,%3Csvg%2F%3E", false, "image"],
    ["", false, "text"],
    ["", true, "text"],
  ];
  it.each(cases)("shows %s with allowRemoteImages=%j as %s", (src, allow, expected) => {
    expect(imageDisplay(src, imagePolicy(allow))).toBe(expected);
  });
});

function renderAnswer(text: string, allowRemoteImages?: RemoteImages) {
  return render(
    <div data-testid="answer">
      <Markdown text={text} allowRemoteImages={allowRemoteImages} />
    </div>,
  ).container;
}

describe("Markdown images", () => {
  it("loads no remote image by default: a link to it in a new tab instead, named by the alt text", () => {
    const answer = renderAnswer(`See ![a diagram of a cell](${PIXEL} "Cell").`);
    expect(answer.querySelector("img")).toBeNull();
    const link = screen.getByRole("link", { name: "a diagram of a cell" });
    expect(link.getAttribute("href")).toBe(PIXEL);
    expect(link.getAttribute("target")).toBe("_blank");
    expect(link.getAttribute("rel")).toBe("noopener noreferrer nofollow");
    expect(link.getAttribute("title")).toBe("Cell");
    expect(answer.textContent).toBe("See a diagram of a cell.");
  });

  it("names the link by the URL when the image has no alt text", () => {
    const answer = renderAnswer(`![](${PIXEL})`);
    expect(answer.querySelector("img")).toBeNull();
    expect(screen.getByRole("link", { name: PIXEL }).getAttribute("href")).toBe(PIXEL);
  });

  it("loads no protocol-relative or relative image by default", () => {
    const answer = renderAnswer("![one](//evil.example/a) ![two](/api/anything)");
    expect(answer.querySelector("img")).toBeNull();
    expect(screen.getByRole("link", { name: "one" }).getAttribute("href")).toBe("//evil.example/a");
    expect(screen.getByRole("link", { name: "two" }).getAttribute("href")).toBe("/api/anything");
  });

  it("shows a data: image, which loads nothing, but no other data: URL", () => {
    const answer = renderAnswer(`![dot](${PNG}) ![page](data:text/html,<script>alert(1)</script>)`);
    const images = answer.querySelectorAll("img");
    expect(images).toHaveLength(1);
    expect(images[0]?.getAttribute("src")).toBe(PNG);
    expect(images[0]?.getAttribute("alt")).toBe("dot");
    expect(answer.querySelector("a")).toBeNull();
    expect(answer.textContent).toContain("page");
  });

  it("never turns a javascript: image into an image or a link", () => {
    const answer = renderAnswer("![click me](javascript:alert(1)) and ![](javascript:alert(2))");
    expect(answer.querySelector("img, a")).toBeNull();
    expect(answer.innerHTML).not.toContain("javascript:");
    expect(answer.textContent).toBe("click me and ");
  });

  it("shows an image inside a link as the link's text, never a link in a link", () => {
    const answer = renderAnswer(`[![build status](${PIXEL})](https://example.edu/builds)`);
    expect(answer.querySelector("img")).toBeNull();
    expect(answer.querySelectorAll("a")).toHaveLength(1);
    expect(screen.getByRole("link", { name: "build status" }).getAttribute("href")).toBe("https://example.edu/builds");
  });

  it("loads remote images when the host allows them all", () => {
    const answer = renderAnswer(`![a cell](${PIXEL})`, true);
    const image = answer.querySelector("img");
    expect(image?.getAttribute("src")).toBe(PIXEL);
    expect(image?.getAttribute("alt")).toBe("a cell");
    expect(image?.getAttribute("referrerpolicy")).toBe("no-referrer");
    expect(answer.querySelector("a")).toBeNull();
  });

  it("loads remote images only from the origins the host lists", () => {
    const answer = renderAnswer("![ours](https://images.example.edu/cell.png) ![theirs](https://evil.example/p.png)", [
      "https://images.example.edu",
    ]);
    const images = answer.querySelectorAll("img");
    expect(images).toHaveLength(1);
    expect(images[0]?.getAttribute("src")).toBe("https://images.example.edu/cell.png");
    expect(screen.getByRole("link", { name: "theirs" }).getAttribute("href")).toBe("https://evil.example/p.png");
  });
});

describe("Study Coach chat images", () => {
  async function answerWith(text: string, props: { allowRemoteImages?: RemoteImages } = {}) {
    const stream = scriptedStream();
    server.use(routeAnswers([stream]).handler);
    const user = userEvent.setup();
    const view = render(<StudyCoachChat storageKey={false} {...props} />);
    await user.type(screen.getByTestId("chat-input"), "Draw a cell");
    await user.keyboard("{Enter}");
    await act(async () => {
      stream.start();
      stream.done(text);
    });
    await waitFor(() => expect(screen.getByTestId("message-assistant").dataset.state).toBe("done"));
    return view.container;
  }

  it("shows a remote image in an answer as a link by default", async () => {
    const chat = await answerWith(`Here: ![a cell](${PIXEL})`);
    expect(chat.querySelector("img")).toBeNull();
    expect(screen.getByRole("link", { name: "a cell" }).getAttribute("href")).toBe(PIXEL);
  });

  it("loads it when the host passes allowRemoteImages", async () => {
    const chat = await answerWith(`Here: ![a cell](${PIXEL})`, { allowRemoteImages: ["https://evil.example"] });
    expect(chat.querySelector("img")?.getAttribute("src")).toBe(PIXEL);
  });
});
