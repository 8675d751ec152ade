/**
 * One conversation among the tabs that show it: it joins their channel (tab-channel.ts) when
 * restored and leaves when disposed; it tells a tab that opens about an answer this one is
 * reading, and hands over an answer another tab announces, for the controller to follow.
 */
import type { StoredConversation } from "./persistence";
import type { OpenTabChannel, TabChannel, TabMessage } from "./tab-channel";

export interface TabSync {
  /** Joins (once) and asks the other tabs whether one has an answer in flight. */
  join(): void;
  /** Tells the other tabs that `conversation` has an answer in flight: its last message. */
  announce(conversation: StoredConversation): void;
  leave(): void;
}

export interface TabSyncHooks {
  /** This tab reads an answer it can name (it has the route's id): a tab that opens is told. */
  readsNamedAnswer(): boolean;
  /** Saves the conversation as it stands and announces it. */
  announceNow(): void;
  /** Another tab announced an answer in flight of this conversation. */
  onAnswer(conversation: StoredConversation): void;
}

/** `name` undefined (nothing kept): no channel, every call does nothing. */
export function createTabSync(name: string | undefined, open: OpenTabChannel, hooks: TabSyncHooks): TabSync {
  let channel: TabChannel | undefined;

  function onMessage(message: TabMessage): void {
    if (message.type === "hello") {
      if (hooks.readsNamedAnswer()) hooks.announceNow();
      return;
    }
    hooks.onAnswer(message.conversation);
  }

  return {
    join() {
      if (name === undefined || channel !== undefined) return;
      channel = open(name, onMessage);
      channel?.post({ type: "hello" });
    },
    announce(conversation) {
      channel?.post({ type: "answer", conversation });
    },
    leave() {
      channel?.close();
      channel = undefined;
    },
  };
}
