import { describe, expect, it } from "vitest";
import { describeError, redactSecrets, redactSecretsDeep } from "@/lib/createai/redact";

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

describe("redactSecretsDeep", () => {
  const token = "eyJ.abc.def";

  it("redacts every string and key, and keeps the rest as it was", () => {
    const value = {
      url: `wss://x/?access_token=${token}`,
      list: [token, 7, true, null, { [token]: `Bearer ${token}` }],
      count: 3,
    };
    expect(redactSecretsDeep(value, token)).toEqual({
      url: "wss://x/?access_token=[redacted]",
      list: ["[redacted]", 7, true, null, { "[redacted]": "Bearer [redacted]" }],
      count: 3,
    });
  });

  it("drops what is nested past its depth limit rather than pass it on unread", () => {
    let deep: unknown = token;
    for (let level = 0; level < 100; level += 1) deep = { next: deep };
    const redacted = JSON.stringify(redactSecretsDeep(deep, token));
    expect(redacted).not.toContain(token);
    expect(redacted).toContain("[too deep]");
  });

  it("leaves values without secrets equal to what they were", () => {
    const value = { sources: [{ source_name: "a.pdf", page_number: 2 }], model_details: { inference_model: "m" } };
    expect(redactSecretsDeep(value, token)).toEqual(value);
  });
});
