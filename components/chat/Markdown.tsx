/**
 * Safe Markdown for answers: GitHub-flavoured (lists, tables, code), no raw HTML (react-markdown
 * shows it as text), links opened in a new tab. Long answers are rendered block by block, each
 * memoized, so a growing answer costs the parse of its last block only.
 */
import { memo, useMemo, type ComponentPropsWithoutRef } from "react";
import ReactMarkdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";
import { closeOpenInlineMarkers, splitMarkdownBlocks } from "./markdown-blocks";

const REMARK_PLUGINS = [remarkGfm];

const COMPONENTS: Components = {
  a: ({ node: _node, ...props }) => <a {...props} target="_blank" rel="noopener noreferrer nofollow" />,
  // Wide tables scroll inside the answer instead of widening the page on a phone.
  table: ({ node: _node, ...props }: ComponentPropsWithoutRef<"table"> & { node?: unknown }) => (
    <div className="table-scroll" tabIndex={0} role="region" aria-label="Table">
      <table {...props} />
    </div>
  ),
  pre: ({ node: _node, ...props }: ComponentPropsWithoutRef<"pre"> & { node?: unknown }) => <pre tabIndex={0} {...props} />,
};

const MarkdownBlock = memo(function MarkdownBlock({ source }: { source: string }) {
  return (
    <ReactMarkdown remarkPlugins={REMARK_PLUGINS} components={COMPONENTS}>
      {source}
    </ReactMarkdown>
  );
});

/** `incomplete`: the text may stop mid-way (streaming, stopped, interrupted). */
export function Markdown({ text, incomplete = false }: { text: string; incomplete?: boolean }) {
  const blocks = useMemo(() => splitMarkdownBlocks(text), [text]);
  // Index keys are right here: blocks only ever grow at the end, earlier ones never move.
  return blocks.map((block, index) => (
    <MarkdownBlock key={index} source={incomplete && index === blocks.length - 1 ? closeOpenInlineMarkers(block) : block} />
  ));
}
