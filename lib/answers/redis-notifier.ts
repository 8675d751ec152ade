/**
 * One pub/sub connection per store, shared by everything that listens on this instance: the
 * followers of each answer and the producers waiting for a stop. A channel is subscribed while
 * someone here listens to it and unsubscribed after the last one leaves. ioredis subscribes
 * again after a reconnection; what was published meanwhile is lost, which is why followers also
 * read the stream itself (see `follow`), and stops also leave a flag in the answer's hash.
 */
import type Redis from "ioredis";
import { toStoreError, whenReady } from "./redis-connection";

export type Listener = (message: string) => void;

export interface Notifier {
  /** Calls `listener` with each message on `channel`; resolves once Redis confirms the subscription. */
  listen(channel: string, listener: Listener): Promise<() => void>;
}

interface Subscription {
  listeners: Set<Listener>;
  confirmed: Promise<unknown>;
}

export function createNotifier(subscriber: Redis, timeoutMs: number): Notifier {
  const subscriptions = new Map<string, Subscription>();

  subscriber.on("message", function deliver(channel: string, message: string) {
    const subscription = subscriptions.get(channel);
    if (!subscription) return;
    for (const listener of [...subscription.listeners]) listener(message);
  });

  function leave(channel: string, subscription: Subscription, listener: Listener): void {
    subscription.listeners.delete(listener);
    if (subscription.listeners.size > 0 || subscriptions.get(channel) !== subscription) return;
    subscriptions.delete(channel);
    // Commands on one connection run in order: a later SUBSCRIBE of the channel still wins.
    subscriber.unsubscribe(channel).catch(() => undefined);
  }

  return {
    async listen(channel, listener) {
      let subscription = subscriptions.get(channel);
      if (!subscription) {
        const confirmed = whenReady(subscriber, timeoutMs).then(() => subscriber.subscribe(channel));
        subscription = { listeners: new Set(), confirmed };
        subscriptions.set(channel, subscription);
        // A failed subscription is forgotten at once, so the next listener tries again.
        const failed = subscription;
        confirmed.catch(() => {
          if (subscriptions.get(channel) === failed) subscriptions.delete(channel);
        });
      }
      subscription.listeners.add(listener);
      const joined = subscription;
      try {
        await joined.confirmed;
      } catch (error) {
        joined.listeners.delete(listener);
        throw toStoreError(error);
      }
      return () => leave(channel, joined, listener);
    },
  };
}
