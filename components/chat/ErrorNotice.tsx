/**
 * What went wrong, in words a student can act on, with Retry when asking again as sent can
 * succeed (not for a question the route refused as it stands: that one is back in the box).
 */
import type { ChatFailure } from "@/lib/chat-client/types";

export function ErrorNotice({ error, onRetry }: { error: ChatFailure; onRetry: () => void }) {
  return (
    <div className="px-3 pb-1 sm:px-4">
      <div
        role="alert"
        data-testid="chat-error"
        data-code={error.code}
        className="mx-auto flex max-w-3xl flex-wrap items-center gap-3 rounded-xl border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900 dark:border-red-900/60 dark:bg-red-950/50 dark:text-red-100"
      >
        <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="size-5 shrink-0 text-red-600 dark:text-red-400">
          <path fillRule="evenodd" d="M8.5 2.9a1.7 1.7 0 0 1 3 0l6.3 11.4a1.7 1.7 0 0 1-1.5 2.5H3.7a1.7 1.7 0 0 1-1.5-2.5L8.5 2.9ZM10 7a1 1 0 0 0-1 1v3a1 1 0 1 0 2 0V8a1 1 0 0 0-1-1Zm0 8a1 1 0 1 0 0-2 1 1 0 0 0 0 2Z" clipRule="evenodd" />
        </svg>
        <p className="min-w-0 flex-1">{error.message}</p>
        {error.retryable && (
          <button
            type="button"
            data-testid="retry-button"
            onClick={onRetry}
            className="rounded-lg bg-red-700 px-3 py-1.5 font-medium text-white hover:bg-red-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-700 dark:bg-red-600 dark:hover:bg-red-500 dark:focus-visible:outline-red-400"
          >
            Retry
          </button>
        )}
      </div>
    </div>
  );
}
