/**
 * How one answer is played onto a socket: the normal stream and each way a real upstream has
 * been seen to misbehave.
 */
import {
  EOS,
  GATEWAY_MESSAGES,
  chunkFrame,
  errorFrame,
  gatewayFrame,
  jsonEosFrame,
  type EosStyle,
  type FrameMode,
} from "./frames";
import type { Outlet } from "./outlet";

/** Every fault the stand-in can play, in the order of the documentation. */
export const STANDIN_FAULTS = [
  "none",
  "refuse-handshake",
  "close-before-frame",
  "drop-mid-answer",
  "silence",
  "gateway-error",
  "gateway-timeout-then-text",
  "error-frame",
  "no-close-after-eos",
  "huge-frame",
] as const;

/** A way for the stand-in to misbehave (`none`: answer normally). */
export type StandinFault = (typeof STANDIN_FAULTS)[number];

export function isStandinFault(name: string): name is StandinFault {
  return (STANDIN_FAULTS as readonly string[]).includes(name);
}

/** What `error-frame` sends. */
export const FAULT_ERROR = { error: "The model could not produce an answer.", errorType: "model_error" } as const;

/** Chunks sent before the gateway timeout frame in `gateway-timeout-then-text`. */
export const CHUNKS_BEFORE_GATEWAY_TIMEOUT = 3;

/** Everything one answer needs, decided before its first frame. */
export interface AnswerScript {
  chunks: readonly string[];
  mode: FrameMode;
  eos: EosStyle;
  /** The `metadata` of the closing frame in JSON mode. */
  metadata: Record<string, unknown>;
  paceMs: number;
  closeAfterEos: boolean;
  connectionId: string;
  requestId: string;
}

/** Number of chunks `drop-mid-answer` sends before dropping the connection. */
export function chunksBeforeDrop(total: number): number {
  return Math.max(1, Math.floor(total / 2));
}

/** Plays `script` with `fault`; resolves true when the whole answer and `<EOS>` went out. */
export async function playAnswer(outlet: Outlet, script: AnswerScript, fault: StandinFault): Promise<boolean> {
  const { chunks } = script;
  switch (fault) {
    case "close-before-frame":
      outlet.close(1011, "stand-in fault: close-before-frame");
      return false;
    case "silence":
      return false;
    case "gateway-error":
      await outlet.send(gatewayFrame(GATEWAY_MESSAGES.internalError, script.connectionId, script.requestId));
      return false;
    case "error-frame":
      await outlet.send(errorFrame(FAULT_ERROR.error, FAULT_ERROR.errorType));
      return false;
    case "drop-mid-answer":
      if (await sendChunks(outlet, script, chunks.slice(0, chunksBeforeDrop(chunks.length)))) outlet.terminate();
      return false;
    case "gateway-timeout-then-text": {
      const head = chunks.slice(0, CHUNKS_BEFORE_GATEWAY_TIMEOUT);
      const timeout = gatewayFrame(GATEWAY_MESSAGES.timeout, script.connectionId, script.requestId);
      if (!(await sendChunks(outlet, script, head)) || !(await outlet.send(timeout))) return false;
      return finishAnswer(outlet, script, chunks.slice(CHUNKS_BEFORE_GATEWAY_TIMEOUT), true);
    }
    case "no-close-after-eos":
      return finishAnswer(outlet, script, chunks, false);
    case "none":
    case "huge-frame": // the script already holds the one huge chunk
    case "refuse-handshake": // happens at the handshake; the server never gets here with it
      return finishAnswer(outlet, script, chunks, script.closeAfterEos);
  }
}

/** Sends `chunks` at the script's pace; false once the socket is gone. */
async function sendChunks(outlet: Outlet, script: AnswerScript, chunks: readonly string[]): Promise<boolean> {
  for (const chunk of chunks) {
    if (!(await outlet.pause(script.paceMs))) return false;
    if (!(await outlet.send(chunkFrame(script.mode, chunk)))) return false;
  }
  return true;
}

/** Sends the remaining chunks and `<EOS>` in the script's style, then closes if asked to. */
export async function finishAnswer(
  outlet: Outlet,
  script: AnswerScript,
  chunks: readonly string[],
  closeAfterEos: boolean,
): Promise<boolean> {
  const appendEos = script.mode === "text" && script.eos === "appended" && chunks.length > 0;
  const body = appendEos ? chunks.slice(0, -1) : chunks;
  if (!(await sendChunks(outlet, script, body))) return false;
  const last = appendEos ? `${chunks[chunks.length - 1] ?? ""}${EOS}` : EOS;
  const closing = script.mode === "json" ? jsonEosFrame(script.metadata) : last;
  if (appendEos && !(await outlet.pause(script.paceMs))) return false;
  if (!(await outlet.send(closing))) return false;
  if (closeAfterEos) outlet.close(1000, "");
  return true;
}
