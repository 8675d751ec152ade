/**
 * A CreateAI model as the AI SDK's `LanguageModelV3`. `doStream` runs one answer on the same
 * core as `/api/ws-chat` (`startChat`: socket, frame decoding, timeouts, REST fallback) and
 * translates its events into stream parts; `doGenerate` reads that stream to the end.
 *
 * A failure before any text rejects `doStream` (as an HTTP error status rejects other providers'
 * calls, so the AI SDK's retries apply); a failure after text has gone out ends the stream with
 * an `error` part. The caller's `abortSignal`, or cancelling the stream, closes the socket.
 */
import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3GenerateResult,
  LanguageModelV3StreamPart,
  LanguageModelV3StreamResult,
} from "@ai-sdk/provider";
import type { ChatErrorCode, ChatEvent } from "../chat-stream/events";
import { startChat, type StartedChat } from "../chat-stream/start-chat";
import { collectGenerateResult } from "./collect-stream";
import { abortReason, createAIAPICallError } from "./errors";
import { prepareCall, type PreparedCall } from "./prepare-call";
import type { CreateAIProviderSettings } from "./settings";
import { createStreamPartTranslator } from "./stream-parts";

/** The AI SDK's name for this provider's language models. */
export const CREATEAI_PROVIDER_ID = "createai.chat";

export class CreateAILanguageModel implements LanguageModelV3 {
  readonly specificationVersion = "v3";
  readonly provider = CREATEAI_PROVIDER_ID;
  /**
   * Every URL counts as taken as is, so the AI SDK never downloads a file named in a prompt: CreateAI
   * takes text only, so the file part is left out (with a warning) whatever it holds.
   */
  readonly supportedUrls: Record<string, RegExp[]> = { "*/*": [/^/] };

  constructor(
    readonly modelId: string,
    private readonly settings: CreateAIProviderSettings,
  ) {}

  async doStream(options: LanguageModelV3CallOptions): Promise<LanguageModelV3StreamResult> {
    const call = await prepareCall(this.modelId, this.settings, options);
    const chat = startChat(call.query, call.deps, options.abortSignal);
    const first = await chat.relay.firstOutput;
    if (first.type === "error") throw await failureOf(first.data.code, chat, call, options.abortSignal);
    return { stream: answerStream(chat, call, options.abortSignal), request: { body: call.payload } };
  }

  async doGenerate(options: LanguageModelV3CallOptions): Promise<LanguageModelV3GenerateResult> {
    const { stream, request } = await this.doStream(options);
    return { ...(await collectGenerateResult(stream)), request };
  }
}

/** The error a failed run ends with: the caller's abort reason, or an `APICallError`. */
async function failureOf(code: ChatErrorCode, chat: StartedChat, call: PreparedCall, signal: AbortSignal | undefined): Promise<unknown> {
  if (code === "aborted") return abortReason(signal);
  const summary = await chat.finished;
  return createAIAPICallError(code, summary.detail, { config: call.deps.config, payload: call.payload });
}

function answerStream(chat: StartedChat, call: PreparedCall, signal: AbortSignal | undefined): ReadableStream<LanguageModelV3StreamPart> {
  const translator = createStreamPartTranslator();
  let cancelled = false;
  return new ReadableStream<LanguageModelV3StreamPart>({
    start(controller) {
      controller.enqueue({ type: "stream-start", warnings: call.warnings });
      chat.relay.attach(function onEvent(event: ChatEvent): void {
        if (cancelled) return;
        if (event.type !== "error") {
          for (const part of translator.fromEvent(event)) controller.enqueue(part);
          if (event.type === "done") controller.close();
          return;
        }
        const { code } = event.data;
        void failureOf(code, chat, call, signal).then((error) => {
          if (cancelled) return;
          if (code === "aborted") return controller.error(error);
          for (const part of translator.fail(error, code)) controller.enqueue(part);
          controller.close();
        });
      });
    },
    cancel() {
      // The reader left: nothing may be enqueued any more, and the socket closes now.
      cancelled = true;
      chat.abort();
    },
  });
}
