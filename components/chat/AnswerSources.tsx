"use client";
/**
 * The search sources under an answer: one line with their count and first titles that opens
 * into the list, each with its page or chunk, a link when it has a URL and a clamped excerpt.
 * Long file names break anywhere, so the list never widens a phone's page.
 */
import { useId, useState } from "react";
import type { AnswerSource } from "@/lib/createai/search-sources";

/** Titles previewed on the closed line; a phone shows only the first (see the chips' classes). */
const PREVIEWED = 2;

export function AnswerSources({ sources }: { sources: readonly AnswerSource[] }) {
  const [open, setOpen] = useState(false);
  const listId = useId();
  if (sources.length === 0) return null;

  return (
    <section
      data-testid="sources"
      aria-label="Sources"
      className="max-w-full min-w-0 rounded-xl border border-zinc-200 bg-white text-zinc-700 dark:border-zinc-800 dark:bg-zinc-900/70 dark:text-zinc-300"
    >
      <button
        type="button"
        data-testid="sources-toggle"
        aria-expanded={open}
        aria-controls={listId}
        onClick={() => setOpen((was) => !was)}
        className="flex w-full min-w-0 items-center gap-2 rounded-xl px-3 py-2 text-left text-xs font-medium hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-maroon-700 dark:hover:bg-zinc-800/70 dark:focus-visible:outline-maroon-300"
      >
        <BookIcon />
        <span className="shrink-0">Sources ({sources.length})</span>
        {!open && (
          // The list names them all once opened; read aloud here, the titles would only be noise.
          <span aria-hidden="true" className="flex min-w-0 flex-1 items-center gap-1.5 overflow-hidden">
            {sources.slice(0, PREVIEWED).map((source, index) => (
              <span
                key={index}
                data-testid="source-chip"
                className={`max-w-64 min-w-0 truncate rounded-full bg-maroon-50 px-2 py-0.5 text-[0.7rem] font-normal text-maroon-800 dark:bg-maroon-800/40 dark:text-maroon-100 ${index > 0 ? "hidden sm:inline" : ""}`}
              >
                {source.title}
              </span>
            ))}
            <MoreCount count={sources.length - 1} className="sm:hidden" />
            <MoreCount count={sources.length - PREVIEWED} className="hidden sm:inline" />
          </span>
        )}
        <ChevronIcon open={open} />
      </button>
      <ol id={listId} hidden={!open} className="space-y-3 border-t border-zinc-200 px-3 py-3 dark:border-zinc-800">
        {sources.map((source, index) => (
          <SourceItem key={index} source={source} number={index + 1} />
        ))}
      </ol>
    </section>
  );
}

function SourceItem({ source, number }: { source: AnswerSource; number: number }) {
  const location = [source.page !== undefined ? `p. ${source.page}` : undefined, source.chunk !== undefined ? `chunk ${source.chunk}` : undefined]
    .filter((part) => part !== undefined)
    .join(" · ");

  return (
    <li data-testid="source-item" className="flex min-w-0 gap-2.5">
      <span
        aria-hidden="true"
        className="mt-0.5 flex size-5 shrink-0 items-center justify-center rounded-full bg-maroon-50 text-[0.65rem] font-semibold text-maroon-800 dark:bg-maroon-800/40 dark:text-maroon-100"
      >
        {number}
      </span>
      <div className="min-w-0 flex-1">
        <p className="text-[0.8rem] leading-5 wrap-anywhere">
          {source.url !== undefined ? (
            <a
              href={source.url}
              target="_blank"
              rel="noopener noreferrer nofollow"
              data-testid="source-link"
              className="font-medium text-maroon-700 underline underline-offset-2 hover:text-maroon-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-maroon-700 dark:text-maroon-300 dark:hover:text-maroon-100 dark:focus-visible:outline-maroon-300"
            >
              {source.title}
              <span className="sr-only"> (opens in a new tab)</span>
            </a>
          ) : (
            <span className="font-medium text-zinc-900 dark:text-zinc-100">{source.title}</span>
          )}
          {/* A space, not a margin, before the location: where the line breaks there, it disappears. */}
          {location !== "" && (
            <>
              {" "}
              <span data-testid="source-location" className="text-xs whitespace-nowrap text-zinc-500 dark:text-zinc-400">
                {location}
              </span>
            </>
          )}
        </p>
        {source.excerpt !== undefined && (
          <p data-testid="source-excerpt" className="mt-0.5 line-clamp-3 text-xs leading-5 text-zinc-600 wrap-anywhere dark:text-zinc-400">
            {source.excerpt}
          </p>
        )}
      </div>
    </li>
  );
}

/** "+2": how many titles the closed line does not show. */
function MoreCount({ count, className }: { count: number; className: string }) {
  if (count <= 0) return null;
  return <span className={`shrink-0 font-normal text-zinc-500 dark:text-zinc-400 ${className}`}>+{count}</span>;
}

function BookIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="size-3.5 shrink-0 text-maroon-700 dark:text-maroon-300">
      <path d="M10.75 16.82A7.46 7.46 0 0 1 15 15.5c.71 0 1.4.1 2.05.28A.75.75 0 0 0 18 15.06v-11a.75.75 0 0 0-.55-.72A8.95 8.95 0 0 0 15 3a8.96 8.96 0 0 0-4.25 1.07v12.75ZM9.25 4.07A8.96 8.96 0 0 0 5 3c-.85 0-1.67.12-2.45.34a.75.75 0 0 0-.55.72v11a.75.75 0 0 0 .95.72A7.47 7.47 0 0 1 5 15.5c1.54 0 2.98.47 4.25 1.27V4.07Z" />
    </svg>
  );
}

function ChevronIcon({ open }: { open: boolean }) {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 20 20"
      fill="currentColor"
      className={`ml-auto size-4 shrink-0 text-zinc-500 motion-safe:transition-transform dark:text-zinc-400 ${open ? "rotate-180" : ""}`}
    >
      <path fillRule="evenodd" d="M5.22 8.22a.75.75 0 0 1 1.06 0L10 11.94l3.72-3.72a.75.75 0 1 1 1.06 1.06l-4.25 4.25a.75.75 0 0 1-1.06 0L5.22 9.28a.75.75 0 0 1 0-1.06Z" clipRule="evenodd" />
    </svg>
  );
}
