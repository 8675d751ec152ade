import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The test suite builds into its own folder so it never clobbers a developer's `.next`.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
};

export default nextConfig;
