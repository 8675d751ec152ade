/**
 * Rewrites one generated section of a Markdown file between markers, leaving the rest (other
 * tools' sections, hand-written notes) as it is.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";

export function writeMarkdownSection(file: string, name: string, heading: string, body: string): void {
  const start = `<!-- ${name}:generated:start -->`;
  const end = `<!-- ${name}:generated:end -->`;
  const block = `${start}\n${body.trim()}\n${end}`;
  let text = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n";
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from !== -1 && to > from) text = text.slice(0, from) + block + text.slice(to + end.length);
  else text = `${text.trimEnd()}\n\n${heading}\n\n${block}\n`;
  writeFileSync(file, text);
}
