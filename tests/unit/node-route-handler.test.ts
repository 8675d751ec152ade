import { describe, expect, it } from "vitest";
import { createNodeRouteHandler } from "@/lib/shared-state/shared-state-handler";

describe("the Node.js route without REDIS_URL", () => {
  it("answers 404, so it is never a second set of guards beside the Edge route's", async () => {
    const handler = createNodeRouteHandler({});
    const response = await handler(new Request("http://localhost/api/ws-chat-node", { method: "POST", body: "{}" }));
    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe("not_found");
  });
});
