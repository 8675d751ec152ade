/** The demo's side panel: which route answers (with a switch), and how each piece is wired. */
import Link from "next/link";
import { StandinCommandList } from "@/components/ws-demo/StandinCommandList";
import { AI_SDK_DEMO_ROUTES, type AiSdkDemoRoute } from "./routes";

const code = "rounded bg-zinc-100 px-1 py-0.5 font-mono text-xs dark:bg-zinc-800";

export function AboutAiSdkDemo({ route, local }: { route: AiSdkDemoRoute; local: boolean }) {
  return (
    <aside className="flex flex-col gap-6 self-start rounded-2xl border border-zinc-200 bg-white p-4 text-sm text-zinc-700 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-300">
      <nav aria-labelledby="route-heading" className="flex flex-col gap-2">
        <h2 id="route-heading" className="text-base font-semibold text-zinc-900 dark:text-zinc-100">
          Route
        </h2>
        <ul className="flex flex-col gap-1.5">
          {(Object.keys(AI_SDK_DEMO_ROUTES) as AiSdkDemoRoute[]).map((key) => {
            const current = key === route;
            return (
              <li key={key}>
                <Link
                  href={key === "ws-chat" ? "/ai-sdk-demo" : `/ai-sdk-demo?route=${key}`}
                  aria-current={current ? "page" : undefined}
                  data-testid={`route-${key}`}
                  className={`block rounded-lg border px-3 py-2 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-maroon-700 dark:focus-visible:outline-maroon-300 ${
                    current
                      ? "border-maroon-700 bg-maroon-50 font-medium text-maroon-800 dark:border-maroon-300 dark:bg-maroon-700/20 dark:text-maroon-100"
                      : "border-zinc-200 hover:border-maroon-700 hover:text-maroon-800 dark:border-zinc-700 dark:hover:border-maroon-300 dark:hover:text-maroon-100"
                  }`}
                >
                  <code className="font-mono text-xs">{AI_SDK_DEMO_ROUTES[key].api}</code>
                  <span className="block text-xs text-zinc-600 dark:text-zinc-400">
                    {key === "ws-chat" ? "Our route, in the UI message stream protocol" : "streamText with the CreateAI provider"}
                  </span>
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>

      <section aria-labelledby="about-heading" className="flex flex-col gap-2">
        <h2 id="about-heading" className="text-base font-semibold text-zinc-900 dark:text-zinc-100">
          About this page
        </h2>
        <p>
          The chat&apos;s state comes from <code className={code}>useChat</code> of <code className={code}>@ai-sdk/react</code> with a{" "}
          <code className={code}>DefaultChatTransport</code>; answers render with the Study Coach&apos;s Markdown.
        </p>
        {route === "ws-chat" ? (
          <p>
            Answers are resumable: reload mid-answer and it carries on (<code className={code}>resume: true</code>). Stop ends the answer on the
            server too, with <code className={code}>DELETE /api/ws-chat/streams/&#123;id&#125;</code>.
          </p>
        ) : (
          <p>
            The route runs <code className={code}>streamText(&#123; model: createai(…) &#125;)</code> and answers with{" "}
            <code className={code}>toUIMessageStreamResponse()</code>. Stop closes the connection, and with it the CreateAI socket.
          </p>
        )}
      </section>

      {local && (
        <section aria-labelledby="standin-heading" className="flex flex-col gap-2">
          <h2 id="standin-heading" className="text-base font-semibold text-zinc-900 dark:text-zinc-100">
            Stand-in demo commands
          </h2>
          <StandinCommandList />
        </section>
      )}
    </aside>
  );
}
