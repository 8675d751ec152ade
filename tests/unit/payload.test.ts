import { describe, expect, it } from "vitest";
import { DEFAULT_SYSTEM_PROMPT, buildCreateAIPayload, splitConversation, type ChatMessage } from "@/lib/createai/payload";
import { resolveCreateAIQuery } from "@/lib/chat-stream/resolve-query";

const user = (content: string): ChatMessage => ({ role: "user", content });
const assistant = (content: string): ChatMessage => ({ role: "assistant", content });
const system = (content: string): ChatMessage => ({ role: "system", content });

describe("splitConversation", () => {
  it.each([
    ["a single question", [user("q")], "q", []],
    ["one earlier exchange", [user("q1"), assistant("a1"), user("q2")], "q2", [{ query: "q1", response: "a1" }]],
    [
      "two earlier exchanges",
      [user("q1"), assistant("a1"), user("q2"), assistant("a2"), user("q3")],
      "q3",
      [
        { query: "q1", response: "a1" },
        { query: "q2", response: "a2" },
      ],
    ],
    ["an unanswered earlier question", [user("q1"), user("q2")], "q2", [{ query: "q1", response: "" }]],
    ["an assistant greeting first", [assistant("hello"), user("q")], "q", [{ query: "", response: "hello" }]],
  ])("%s", (_name, messages, query, history) => {
    const split = splitConversation(messages);
    expect(split.query).toBe(query);
    expect(split.history).toEqual(history);
  });

  it("collects system messages wherever they are", () => {
    const split = splitConversation([system("be brief"), user("q1"), assistant("a1"), system("use metric"), user("q2")]);
    expect(split.systemMessages).toEqual(["be brief", "use metric"]);
    expect(split.history).toEqual([{ query: "q1", response: "a1" }]);
  });
});

describe("buildCreateAIPayload", () => {
  const base = {
    query: "What is entropy?",
    history: [],
    systemPrompt: "Be kind.",
    sessionId: "s-1",
    projectId: "p-1",
    model: { provider: "aws", name: "claude4_5_sonnet" },
  };

  it("sends exactly the documented fields for a plain question", () => {
    expect(buildCreateAIPayload(base)).toEqual({
      action: "query",
      request_source: "override_params",
      query: "What is entropy?",
      session_id: "s-1",
      project_id: "p-1",
      model_provider: "aws",
      model_name: "claude4_5_sonnet",
      model_params: { system_prompt: "Be kind." },
    });
  });

  it("puts history, temperature and search inside model_params, and asks for JSON frames when asked", () => {
    const payload = buildCreateAIPayload({
      ...base,
      history: [{ query: "q", response: "a" }],
      temperature: 0.3,
      enableSearch: true,
      responseFormat: "json",
    });
    expect(payload.model_params).toMatchObject({
      temperature: 0.3,
      history: [{ query: "q", response: "a" }],
      enable_search: true,
      search_params: { collection: "p-1", top_k: 3, retrieval_type: "chunk" },
    });
    expect(payload.response_format).toEqual({ type: "json" });
  });

  it("never sends an empty system prompt, which would make CreateAI inject its own", () => {
    expect(buildCreateAIPayload({ ...base, systemPrompt: "  " }).model_params.system_prompt).toBe(DEFAULT_SYSTEM_PROMPT);
  });
});

describe("resolveCreateAIQuery", () => {
  const config = { projectId: "p-1", model: { provider: "aws", name: "claude4_5_sonnet" } };
  const fixedId = () => "generated-id";

  it("applies the configured model and a fresh session when the request names none", () => {
    const query = resolveCreateAIQuery({ messages: [user("hi")] }, config, fixedId);
    expect(query).toMatchObject({ query: "hi", sessionId: "generated-id", model: config.model, responseFormat: "json" });
    expect(query.systemPrompt).toBe(DEFAULT_SYSTEM_PROMPT);
  });

  it("gives each new chat a fresh session, never one derived from the student, course or page", () => {
    let counter = 0;
    const nextId = () => `random-${(counter += 1)}`;
    const body = { messages: [user("hi")], studentId: "987654", courseId: "CSE110", preparationPageId: "week-3" };
    const first = resolveCreateAIQuery(body, config, nextId);
    const second = resolveCreateAIQuery(body, config, nextId);
    expect([first.sessionId, second.sessionId]).toEqual(["random-1", "random-2"]);
  });

  it("puts the Study Coach course and page into the prompt as labels", () => {
    const query = resolveCreateAIQuery(
      { messages: [user("hi")], studentId: "st-9", courseId: "CSE110", preparationPageId: "week-3", systemPrompt: "Be kind." },
      config,
      fixedId,
    );
    expect(query.sessionId).toBe("generated-id");
    expect(query.systemPrompt).toContain("Be kind.");
    expect(query.systemPrompt).toContain("course CSE110, preparation page week-3");
  });

  it("keeps an explicit session id and model", () => {
    const query = resolveCreateAIQuery(
      { messages: [user("hi")], sessionId: "mine", studentId: "st", model: { provider: "openai", name: "gpt4o" } },
      config,
      fixedId,
    );
    expect(query.sessionId).toBe("mine");
    expect(query.model).toEqual({ provider: "openai", name: "gpt4o" });
  });

  it("trims a long conversation's history oldest-first instead of refusing it", () => {
    const messages = Array.from({ length: 60 }, (_, turn) => [user(`question ${turn}`), { role: "assistant" as const, content: `answer ${turn}` }]).flat();
    const query = resolveCreateAIQuery({ messages: [...messages, user("question 60")] }, config, fixedId, { maxTurns: 10, maxBytes: 10_000 });
    expect(query.query).toBe("question 60");
    expect(query.history.map((turn) => turn.query)).toEqual(Array.from({ length: 10 }, (_, index) => `question ${50 + index}`));
  });
});
