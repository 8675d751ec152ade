import { describe, expect, it } from "vitest";
import { describeError, redactSecrets } from "@/lib/createai/redact";

describe("redactSecrets", () => {
  it.each([
    ["connect to wss://apiws-main.aiml.asu.edu/?access_token=eyJ.abc.def failed", "eyJ.abc.def"],
    ["Authorization: Bearer eyJ.abc.def", "eyJ.abc.def"],
    ["token eyJ.abc.def leaked in free text", "eyJ.abc.def"],
  ])("removes the token from %s", (text, token) => {
    const redacted = redactSecrets(text, token);
    expect(redacted).not.toContain(token);
    expect(redacted).toContain("[redacted]");
  });

  it("redacts inside an error's cause too", () => {
    const error = new Error("socket failed", { cause: new Error("GET /?access_token=s3cr3t-value 401") });
    expect(describeError(error, "s3cr3t-value")).toBe("socket failed (GET /?access_token=[redacted] 401)");
  });
});
