/** The routes the AI SDK demo can talk to, and what each one offers besides answering. */
export type AiSdkDemoRoute = "ws-chat" | "example";

export interface AiSdkDemoRouteInfo {
  api: string;
  /** Where Stop sends its DELETE; false when the route has no stop of its own. */
  stopApi: string | false;
  /** Whether the route serves `GET {api}/{chatId}/stream`, so a reload re-attaches to a streaming answer. */
  resume: boolean;
}

export const AI_SDK_DEMO_ROUTES: Readonly<Record<AiSdkDemoRoute, AiSdkDemoRouteInfo>> = {
  "ws-chat": { api: "/api/ws-chat", stopApi: "/api/ws-chat/streams", resume: true },
  example: { api: "/api/ai-sdk-example", stopApi: false, resume: false },
};

/** `?route=example` picks the example route; anything else is `/api/ws-chat`. */
export function parseAiSdkDemoRoute(value: string | string[] | undefined): AiSdkDemoRoute {
  return value === "example" ? "example" : "ws-chat";
}
