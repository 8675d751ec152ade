import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { writeMarkdownSection } from "@/scripts/lib/markdown-section";

describe("writeMarkdownSection", () => {
  it("adds a section once, then rewrites only its marked text, leaving other sections alone", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "md-")), "BENCHMARKS.md");
    writeFileSync(file, "# Benchmarks\n\n## Other\n\nhand-written notes\n");
    writeMarkdownSection(file, "soak", "## Soak", "first figures");
    writeMarkdownSection(file, "soak", "## Soak", "second figures");
    expect(readFileSync(file, "utf8")).toBe(
      "# Benchmarks\n\n## Other\n\nhand-written notes\n\n## Soak\n\n<!-- soak:generated:start -->\nsecond figures\n<!-- soak:generated:end -->\n",
    );
  });
});
