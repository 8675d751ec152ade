/**
 * The frames the stand-in writes, in CreateAI's wire formats: raw text chunks or `{"response"}`
 * objects, the `<EOS>` marker, CreateAI error objects and AWS API Gateway messages.
 */

/** The end-of-answer marker CreateAI sends. */
export const EOS = "<EOS>";

/** `text`: raw chunks (the default); `json`: `{"response": chunk}` (`response_format: {type: "json"}`). */
export type FrameMode = "text" | "json";

/** How `<EOS>` reaches a text-mode client: as a frame of its own or glued to the last chunk. */
export type EosStyle = "separate" | "appended";

/** One chunk of answer text as a frame. */
export function chunkFrame(mode: FrameMode, text: string): string {
  return mode === "json" ? JSON.stringify({ response: text }) : text;
}

/** The closing frame of a JSON-mode answer; text mode closes with {@link EOS} instead. */
export function jsonEosFrame(metadata: Record<string, unknown>): string {
  return JSON.stringify({ response: EOS, metadata });
}

/** A CreateAI error object, e.g. for a payload it cannot read. */
export function errorFrame(error: string, errorType: string): string {
  return JSON.stringify({ error, error_type: errorType });
}

/** Messages that AWS API Gateway (in front of CreateAI) sends on its own account. */
export const GATEWAY_MESSAGES = {
  internalError: "Internal server error",
  timeout: "Endpoint request timed out",
} as const;

/** An API Gateway frame: `message` plus the gateway's connection and request ids. */
export function gatewayFrame(message: string, connectionId: string, requestId: string): string {
  return JSON.stringify({ message, connectionId, requestId });
}
