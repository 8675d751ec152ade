/**
 * The one log line per request: what an operator needs to follow a stream or a refusal,
 * and nothing of the conversation (no prompt, no answer, no token).
 */
import { HTTP_STATUS_BY_CODE } from "./errors";
import type { ChatErrorCode } from "./events";
import type { Logger } from "./logger";
import type { StreamFormat } from "./response-stream";
import type { ChatRunSummary } from "./run-chat";

export interface StreamLogFields {
  requestId: string;
  clientKeyHash: string;
  upstream: string;
  format: StreamFormat | "json";
  bytes: number;
  summary: ChatRunSummary;
}

/** The HTTP status the caller saw: an error before any text (or in JSON mode) was an error status. */
function statusOf(summary: ChatRunSummary, format: StreamLogFields["format"]): number {
  if (summary.outcome === "done") return 200;
  const code = summary.code as ChatErrorCode;
  if (summary.chars === 0 || format === "json") return HTTP_STATUS_BY_CODE[code] ?? 500;
  return 200;
}

export function logStream(logger: Logger, fields: StreamLogFields): void {
  const { summary } = fields;
  const record = {
    event: "ws-chat.stream",
    requestId: fields.requestId,
    client: fields.clientKeyHash,
    upstream: fields.upstream,
    format: fields.format,
    status: statusOf(summary, fields.format),
    outcome: summary.outcome,
    code: summary.code,
    firstTextMs: summary.firstTokenMs,
    durationMs: summary.totalMs,
    bytes: fields.bytes,
    upstreamCloseCode: summary.closeCode,
    restFallback: summary.usedRestFallback || undefined,
    detail: summary.detail,
  };
  if (summary.outcome === "done" || summary.code === "aborted") logger.info(record);
  else logger.warn(record);
}

export function logRefusal(logger: Logger, fields: { requestId: string; clientKeyHash: string; status: number; code: string }): void {
  logger.info({ event: "ws-chat.refused", ...fields });
}
