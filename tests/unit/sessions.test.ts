import { describe, expect, it } from "vitest";
import { createSessionIssuer } from "@/lib/chat-stream/sessions";

const issuer = createSessionIssuer("a-secret-of-at-least-thirty-two-characters");

describe("sessions the route issues", () => {
  it("verifies a session it issued, for the same user", async () => {
    const anonymous = await issuer.issue(undefined);
    const alice = await issuer.issue({ id: "alice" });
    expect(await issuer.verify(anonymous, undefined)).toBe(true);
    expect(await issuer.verify(alice, { id: "alice" })).toBe(true);
  });

  it("issues a different, header-safe id every time", async () => {
    const ids = await Promise.all(Array.from({ length: 20 }, () => issuer.issue(undefined)));
    expect(new Set(ids).size).toBe(20);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9._-]+$/);
  });

  it("refuses a session issued to another user, or to nobody, and one of a user to nobody", async () => {
    const alice = await issuer.issue({ id: "alice" });
    const anonymous = await issuer.issue(undefined);
    expect(await issuer.verify(alice, { id: "mallory" })).toBe(false);
    expect(await issuer.verify(alice, undefined)).toBe(false);
    expect(await issuer.verify(anonymous, { id: "alice" })).toBe(false);
  });

  it.each([
    ["a raw id a caller made up", "studycoach:CSE110:any-page:987654"],
    ["the old student-course shape", "student_987654_course_CSE110_1733380000000"],
    ["an empty string", ""],
  ])("refuses %s", async (_name, sessionId) => {
    expect(await issuer.verify(sessionId, undefined)).toBe(false);
  });

  it("refuses an issued id with its random part or signature changed", async () => {
    const id = await issuer.issue(undefined);
    const [version, value = "", signature = ""] = id.split(".");
    const flip = (text: string) => (text[0] === "A" ? "B" : "A") + text.slice(1);
    expect(await issuer.verify(`${version}.${flip(value)}.${signature}`, undefined)).toBe(false);
    expect(await issuer.verify(`${version}.${value}.${flip(signature)}`, undefined)).toBe(false);
  });

  it("refuses sessions signed with another secret (another deployment, or before a secret change)", async () => {
    const other = createSessionIssuer("another-secret-of-at-least-thirty-two-chars");
    expect(await issuer.verify(await other.issue(undefined), undefined)).toBe(false);
  });
});
