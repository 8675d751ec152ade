/**
 * Web Storage that never throws: browsers refuse it (privacy settings, policies), fill it up,
 * or have none (the server). Every reader and writer of the chat's storage goes through these,
 * and a write that fails is reported once for the page (storage-health.ts).
 */
import { reportStorageHealth, storageFailure } from "./storage-health";

/** `localStorage`, shared by the origin's tabs; undefined on the server and where it is refused. */
export function browserStorage(): Storage | undefined {
  try {
    return typeof window === "undefined" ? undefined : window.localStorage;
  } catch {
    return undefined;
  }
}

/** `sessionStorage`, this tab's own; undefined on the server and where it is refused. */
export function tabStorage(): Storage | undefined {
  try {
    return typeof window === "undefined" ? undefined : window.sessionStorage;
  } catch {
    return undefined;
  }
}

export function readItem(storage: Storage | undefined, key: string): string | undefined {
  try {
    return storage?.getItem(key) ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * Stores `value`; whether it was stored. A failure is reported as the page's storage health
 * unless `report` is false (a tab's own pointer is not worth a notice).
 */
export function writeItem(storage: Storage | undefined, key: string, value: string, report = true): boolean {
  if (storage === undefined) return false;
  try {
    storage.setItem(key, value);
    if (report) reportStorageHealth("ok");
    return true;
  } catch (error) {
    if (report) reportStorageHealth(storageFailure(error));
    return false;
  }
}

export function removeItem(storage: Storage | undefined, key: string): void {
  try {
    storage?.removeItem(key);
  } catch {
    // Storage refused: nothing was kept there.
  }
}
