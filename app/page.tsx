import Link from "next/link";

export default function Home() {
  return (
    <main className="mx-auto flex min-h-dvh max-w-2xl flex-col justify-center gap-6 px-6 py-16">
      <p className="text-sm font-semibold tracking-wide text-maroon-700 uppercase dark:text-maroon-300">ASU Study Coach</p>
      <h1 className="text-3xl font-semibold tracking-tight sm:text-4xl">CreateAI answers, streamed as they are written</h1>
      <p className="text-lg text-zinc-700 dark:text-zinc-300">
        The <code className="font-mono text-base">/api/ws-chat</code> route relays ASU CreateAI&apos;s WebSocket answers to the
        browser; the Study Coach chat shows them growing word by word, rendered as Markdown.
      </p>
      <div className="flex flex-wrap gap-3">
        <Link
          href="/ws-demo"
          className="inline-flex items-center gap-2 rounded-xl bg-maroon-700 px-5 py-3 font-semibold text-white shadow-sm hover:bg-maroon-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-maroon-700"
        >
          Open the streaming demo
          <span aria-hidden="true">→</span>
        </Link>
        <Link
          href="/ai-sdk-demo"
          className="inline-flex items-center gap-2 rounded-xl border border-zinc-300 bg-white px-5 py-3 font-semibold text-zinc-900 shadow-sm hover:border-maroon-700 hover:text-maroon-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-maroon-700 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:border-maroon-300 dark:hover:text-maroon-100 dark:focus-visible:outline-maroon-300"
        >
          The same chat on the AI SDK
          <span aria-hidden="true">→</span>
        </Link>
      </div>
    </main>
  );
}
