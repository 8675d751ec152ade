import { describe, expect, it } from "vitest";
import type { LogRecord } from "@/lib/chat-stream/logger";
import { warnAboutStartupSettings } from "@/lib/chat-stream/startup-warnings";

function warningsFor(env: Record<string, string | undefined>): LogRecord[] {
  const records: LogRecord[] = [];
  const keep = (record: LogRecord) => records.push(record);
  warnAboutStartupSettings(env, { info: keep, warn: keep, error: keep });
  return records;
}

describe("start-up warnings", () => {
  it("warns a production server without WS_CHAT_SITE_ORIGIN that its own pages would get 403", () => {
    expect(warningsFor({ NODE_ENV: "production" })).toEqual([expect.objectContaining({ event: "ws-chat.site-origin-unset" })]);
  });

  it("says nothing in development, or when the site origin is set", () => {
    expect(warningsFor({ NODE_ENV: "development" })).toEqual([]);
    expect(warningsFor({ NODE_ENV: "production", WS_CHAT_SITE_ORIGIN: "https://coach.example.edu" })).toEqual([]);
  });
});
