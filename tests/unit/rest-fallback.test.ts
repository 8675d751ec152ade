import { describe, expect, it } from "vitest";
import { buildCreateAIPayload } from "@/lib/createai/payload";
import { queryCreateAIRest } from "@/lib/createai/rest-fallback";

const TOKEN = "tok-SECRET-42";

function ask(status: number, body: string) {
  const calls: Request[] = [];
  const fakeFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push(new Request(input, init));
    return new Response(body, { status });
  }) as typeof fetch;
  const outcome = queryCreateAIRest({
    restBaseUrl: "https://api-main.test/",
    token: TOKEN,
    payload: buildCreateAIPayload({
      query: "q",
      history: [],
      systemPrompt: "s",
      sessionId: "sess",
      projectId: "p",
      model: { provider: "aws", name: "m" },
    }),
    fetch: fakeFetch,
    timeoutMs: 5_000,
  });
  return { outcome, calls };
}

describe("queryCreateAIRest", () => {
  it("returns the whole answer and its metadata from a 200", async () => {
    const { outcome, calls } = ask(200, JSON.stringify({ response: "Hello", metadata: { usage: 1 } }));
    expect(await outcome).toEqual({ ok: true, text: "Hello", metadata: { usage: 1 } });
    expect(calls[0]?.url).toBe("https://api-main.test/query");
    expect(calls[0]?.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
  });

  // The status decides; the body's words never do, whatever they happen to mention.
  it.each([
    [400, { message: "Your session timeout preference is invalid" }, "upstream_error"],
    [400, { message: "You have exceeded the maximum query length" }, "upstream_error"],
    [404, { message: "Not allowed here" }, "upstream_error"],
    [422, { message: "Rate limit settings are invalid" }, "upstream_error"],
    [401, { message: "Unauthorized" }, "upstream_unauthorized"],
    [403, { message: "Model not available for this token" }, "upstream_unauthorized"],
    [429, { message: "Internal" }, "rate_limited"],
    [408, { message: "Request Timeout" }, "upstream_timeout"],
    [500, { message: "Forbidden by policy" }, "upstream_error"],
    [502, { message: "Bad Gateway" }, "upstream_error"],
    [504, { message: "Endpoint request timed out" }, "upstream_timeout"],
  ] as const)("answers status %i with body %j as %s", async (status, body, code) => {
    expect(await ask(status, JSON.stringify(body)).outcome).toMatchObject({ ok: false, code });
  });

  it("keeps the body for the log, without the token", async () => {
    const outcome = await ask(400, JSON.stringify({ message: `token ${TOKEN} may not use model m` })).outcome;
    expect(outcome).toMatchObject({ ok: false, code: "upstream_error", detail: expect.stringContaining("may not use model m") });
    expect(JSON.stringify(outcome)).not.toContain(TOKEN);
  });

  it("calls a 200 without a response field an upstream error", async () => {
    expect(await ask(200, JSON.stringify({ message: "rate limit exceeded" })).outcome).toMatchObject({ ok: false, code: "upstream_error" });
  });
});
