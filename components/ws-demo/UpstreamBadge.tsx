/** Says where answers come from: ASU CreateAI, or the local stand-in (no token configured). */
import type { UpstreamKind } from "@/lib/chat-stream/events";

export function UpstreamBadge({ upstream }: { upstream: UpstreamKind | undefined }) {
  const local = upstream === "local";
  const label = upstream === undefined ? "Upstream unknown" : local ? "Local CreateAI stand-in" : "ASU CreateAI";
  return (
    <span
      data-testid="upstream-badge"
      data-upstream={upstream ?? "unknown"}
      title={local ? "No CREATE_AI_API_TOKEN is set: a local stand-in speaking CreateAI's protocol answers." : undefined}
      className={`inline-flex items-center gap-1.5 rounded-full px-2.5 py-1 text-xs font-semibold ring-1 ring-inset ${
        local
          ? "bg-amber-50 text-amber-900 ring-amber-300 dark:bg-amber-950/60 dark:text-amber-100 dark:ring-amber-700"
          : "bg-emerald-50 text-emerald-900 ring-emerald-300 dark:bg-emerald-950/60 dark:text-emerald-100 dark:ring-emerald-700"
      }`}
    >
      <span aria-hidden="true" className={`size-1.5 rounded-full ${local ? "bg-amber-500" : "bg-emerald-500"}`} />
      <span className="sr-only">Answers come from: </span>
      {label}
    </span>
  );
}
