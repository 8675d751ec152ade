import type { NextConfig } from "next";

// Everything is locked to this site, except that scripts and styles may be inline.
// Why 'unsafe-inline' remains for scripts (tried with Next 16.4.6, `next build` + `next start`):
// App Router pages carry their React payload in inline <script>s, which a stricter policy
// must allow by nonce. Next applies a nonce only to pages rendered per request, taking it from
// a CSP that a proxy.ts sets on the request (nextjs.org/docs/app/guides/content-security-policy),
// so the static pages (`/`, the 404) would stop hydrating unless rendered per request too.
// `experimental.sri` only adds `integrity` to the external chunks: the inline scripts are still
// blocked and no page hydrates. Answers cannot add scripts: Markdown renders no raw HTML.
const contentSecurityPolicy = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${process.env.NODE_ENV === "development" ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const securityHeaders = [
  { key: "Content-Security-Policy", value: contentSecurityPolicy },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

/**
 * Every path of /api/ws-chat… reaches one route module, so they share its counters and its
 * in-memory answer store. With REDIS_URL at build time that module is the Node.js route
 * (app/api/ws-chat-node), since Redis needs TCP, which the Edge runtime lacks; without it, the
 * Edge route. This is the one place that choice is made.
 */
function chatRouteRewrites(redisUrl: string | undefined) {
  const route = redisUrl?.trim() ? "/api/ws-chat-node" : "/api/ws-chat";
  const rewrites = [
    { source: "/api/ws-chat/metrics", destination: `${route}?metrics` },
    // An AI SDK chat's active answer (`useChat({ resume: true })`); before /streams/:id, so a
    // chat named "streams" is still a chat (no answer id is "stream").
    { source: "/api/ws-chat/:chatId/stream", destination: `${route}?chat-stream=:chatId` },
    { source: "/api/ws-chat/streams/:id", destination: `${route}?stream=:id` },
  ];
  return route === "/api/ws-chat" ? rewrites : [...rewrites, { source: "/api/ws-chat", destination: route }];
}

const nextConfig: NextConfig = {
  // The test suite builds into its own folder so it never clobbers a developer's `.next`.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  // Loaded by the Node.js route only (REDIS_URL); kept out of the bundle as a plain Node package.
  serverExternalPackages: ["ioredis"],
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
  async rewrites() {
    return { beforeFiles: chatRouteRewrites(process.env.REDIS_URL) };
  },
};

export default nextConfig;
