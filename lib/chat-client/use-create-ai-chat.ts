"use client";
/**
 * The React face of a chat: state from the controller through `useSyncExternalStore`, so a
 * component re-renders at most once per animation frame however fast the answer streams.
 */
import { useEffect, useMemo, useState, useSyncExternalStore } from "react";
import { useIsomorphicLayoutEffect } from "./use-isomorphic-layout-effect";
import { createChatController, type ChatController } from "./chat-controller";
import { defaultStorageKey } from "./persistence";
import { DEFAULT_CHAT_API, type ChatOptions, type ChatSnapshot } from "./types";

export interface UseCreateAIChatResult extends ChatSnapshot {
  /** True while a question is out: `submitted` or `streaming`. */
  isBusy: boolean;
  send: ChatController["send"];
  stop: ChatController["stop"];
  /** Asks the last question again: Retry after a failure, Regenerate after any answer. */
  retry: ChatController["retry"];
  edit: ChatController["edit"];
  reset: ChatController["reset"];
  discard: ChatController["discard"];
}


export function useCreateAIChat(options: ChatOptions = {}): UseCreateAIChatResult {
  const api = options.api ?? DEFAULT_CHAT_API;
  const storageKey = options.storageKey === false ? false : (options.storageKey ?? defaultStorageKey({ ...options, api }));

  // A different route or storage scope is a different conversation, so a new controller; the
  // other options (model, prompt…) reach the existing one through configure(). Kept in state,
  // not useMemo, because React may drop a memoized value and the controller holds the chat.
  const identity = `${api}\n${storageKey}`;
  const [current, setCurrent] = useState(() => ({ identity, controller: createChatController({ ...options, api, storageKey }) }));
  let controller = current.controller;
  if (current.identity !== identity) {
    const next = { identity, controller: createChatController({ ...options, api, storageKey }) };
    setCurrent(next);
    controller = next.controller;
  }

  // Synchronous with the commit, so a send right after a settings change uses the new settings.
  useIsomorphicLayoutEffect(() => {
    controller.configure(options);
  });

  useEffect(() => {
    controller.restore();
    // Where an answer in flight stands is saved as the page goes away (or may, on a phone, once
    // hidden), not per delta, so a reload reads on from there.
    const onPageHide = () => controller.persistNow();
    const onVisibilityChange = () => {
      if (document.visibilityState === "hidden") controller.persistNow();
    };
    window.addEventListener("pagehide", onPageHide);
    document.addEventListener("visibilitychange", onVisibilityChange);
    return () => {
      window.removeEventListener("pagehide", onPageHide);
      document.removeEventListener("visibilitychange", onVisibilityChange);
      controller.dispose();
    };
  }, [controller]);

  const snapshot = useSyncExternalStore(controller.subscribe, controller.getSnapshot, controller.getServerSnapshot);

  return useMemo(
    () => ({
      ...snapshot,
      isBusy: snapshot.status === "submitted" || snapshot.status === "streaming",
      send: controller.send,
      stop: controller.stop,
      retry: controller.retry,
      edit: controller.edit,
      reset: controller.reset,
      discard: controller.discard,
    }),
    [snapshot, controller],
  );
}
