/**
 * Rewrites one generated section of a Markdown file between its markers, leaving the rest
 * (other tools' sections, hand-written notes) as it is. Used by every benchmark that reports
 * into BENCHMARKS.md.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";

export interface MarkedSection {
  /** The exact marker lines around the generated text. */
  start: string;
  end: string;
  /** The section's heading, e.g. `## Soak`. */
  heading: string;
  /** Hand-kept text written under a new heading, the first time only. */
  intro?: string;
}

/** `generated` includes the markers. Replaces the marked text, or places it under the heading. */
export function replaceMarkedSection(file: string, section: MarkedSection, generated: string): void {
  let text = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n";
  const from = text.indexOf(section.start);
  const to = text.indexOf(section.end);
  if (from !== -1 && to > from) {
    text = text.slice(0, from) + generated + text.slice(to + section.end.length);
  } else if (text.includes(`\n${section.heading}\n`)) {
    text = text.replace(`\n${section.heading}\n`, `\n${section.heading}\n\n${generated}\n`);
  } else {
    const intro = section.intro ? `${section.intro}\n\n` : "";
    text = `${text.trimEnd()}\n\n${section.heading}\n\n${intro}${generated}\n`;
  }
  writeFileSync(file, text);
}

/** A section named `name`, with markers `<!-- name:generated:start -->` … `end`. */
export function writeMarkdownSection(file: string, name: string, heading: string, body: string): void {
  const section = { start: `<!-- ${name}:generated:start -->`, end: `<!-- ${name}:generated:end -->`, heading };
  replaceMarkedSection(file, section, `${section.start}\n${body.trim()}\n${section.end}`);
}
