/**
 * The frame both demo pages share: a header with the way home, the page's title and where
 * answers come from, then the chat and its side panel side by side (stacked on a phone).
 */
import Link from "next/link";
import type { ReactNode } from "react";
import type { UpstreamKind } from "@/lib/chat-stream/events";
import { UpstreamBadge } from "./UpstreamBadge";

export function DemoPageShell({ title, upstream, children }: { title: string; upstream: UpstreamKind | undefined; children: ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-3 sm:px-6">
          <div className="flex min-w-0 items-center gap-3">
            <Link href="/" className="rounded text-sm font-medium text-maroon-700 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-maroon-700 dark:text-maroon-300">
              ← Home
            </Link>
            <h1 className="truncate text-lg font-semibold">{title}</h1>
          </div>
          <UpstreamBadge upstream={upstream} />
        </div>
      </header>

      <main className="mx-auto grid w-full max-w-7xl flex-1 gap-6 px-3 py-4 sm:px-6 lg:grid-cols-[minmax(0,1fr)_20rem]">{children}</main>
    </div>
  );
}
