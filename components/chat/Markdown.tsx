/**
 * Safe Markdown for answers: GitHub-flavoured (lists, tables, code), no raw HTML (react-markdown
 * shows it as text), links opened in a new tab, remote images shown as links unless the host
 * allows them (markdown-images.tsx). A growing answer re-parses as little as it can:
 * blocks are memoized one by one, and a very long paragraph is memoized segment by segment, so
 * a frame costs the parse of the last block or segment, however long the answer is.
 *
 * While an answer streams, the segments of a very long paragraph are stacked as blocks: the
 * browser then lays out only the last one when it grows, where one paragraph of 100 KB costs
 * about 15 ms of layout on every change. Shorter paragraphs (1 ms at 8 KB) always flow as one,
 * and a stacked one flows again once the answer ends, unless it is so long that laying it out
 * in one piece would itself block the page.
 */
import { Fragment, memo, useMemo, useState, type ComponentPropsWithoutRef, type ReactNode } from "react";
import ReactMarkdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";
import { createParagraphSplitter } from "./long-paragraph";
import { ImagePolicyContext, InsideLink, MarkdownImage, imagePolicy, markdownUrlTransform, type RemoteImages } from "./markdown-images";
import { closeOpenInlineMarkers, splitMarkdownBlocks } from "./markdown-blocks";

const REMARK_PLUGINS = [remarkGfm];

/** Past this, a growing paragraph is stacked: relaying it out on every frame costs too much. */
const STACK_WHILE_STREAMING_CHARS = 8_000;
/** Past this, a finished paragraph stays stacked: one layout of it would take over 50 ms. */
const MAX_FLOWING_PARAGRAPH_CHARS = 20_000;

type WithNode<Tag extends keyof React.JSX.IntrinsicElements> = ComponentPropsWithoutRef<Tag> & { node?: unknown };

export const MARKDOWN_COMPONENTS: Components = {
  a: ({ node: _node, children, ...props }: WithNode<"a">) => (
    <a {...props} target="_blank" rel="noopener noreferrer nofollow">
      <InsideLink>{children}</InsideLink>
    </a>
  ),
  img: MarkdownImage,
  // Wide tables scroll inside the answer instead of widening the page on a phone.
  table: ({ node: _node, ...props }: WithNode<"table">) => (
    <div className="table-scroll" tabIndex={0} role="region" aria-label="Table">
      <table {...props} />
    </div>
  ),
  pre: ({ node: _node, ...props }: WithNode<"pre">) => <pre tabIndex={0} {...props} />,
};

/** A segment of a paragraph renders its inline content only; the paragraph element is shared. */
const SEGMENT_COMPONENTS: Components = {
  ...MARKDOWN_COMPONENTS,
  p: ({ children }: { children?: ReactNode }) => <Fragment>{children}</Fragment>,
};

const MarkdownSource = memo(function MarkdownSource({ source, components }: { source: string; components: Components }) {
  return (
    <ReactMarkdown remarkPlugins={REMARK_PLUGINS} components={components} urlTransform={markdownUrlTransform}>
      {source}
    </ReactMarkdown>
  );
});

interface BlockProps {
  source: string;
  /** Only the last block of an answer that may stop mid-way (streaming, stopped, interrupted). */
  incomplete: boolean;
  streaming: boolean;
}

const MarkdownBlock = memo(function MarkdownBlock({ source, incomplete, streaming }: BlockProps) {
  // One splitter per block, so a growing paragraph is scanned from its last segment on.
  const [split] = useState(createParagraphSplitter);
  const segments = useMemo(() => split(source), [split, source]);
  if (segments === undefined) {
    return <MarkdownSource source={incomplete ? closeOpenInlineMarkers(source) : source} components={MARKDOWN_COMPONENTS} />;
  }
  const last = segments.length - 1;
  const stacked = source.length > (streaming ? STACK_WHILE_STREAMING_CHARS : MAX_FLOWING_PARAGRAPH_CHARS);
  return (
    <p className={stacked ? "segments segments-stacked" : "segments"}>
      {segments.map((segment, index) => (
        // Index keys: segments only ever grow at the end, earlier ones never change.
        <span key={index} className="segment">
          <MarkdownSource source={incomplete && index === last ? closeOpenInlineMarkers(segment) : segment} components={SEGMENT_COMPONENTS} />
          {/* Markdown drops the space a segment ends with; the paragraph needs it between segments. */}
          {segment.endsWith(" ") ? " " : null}
        </span>
      ))}
    </p>
  );
});

export interface MarkdownProps {
  text: string;
  /** The text may stop mid-way: open `**` and code spans at its end are closed for display. */
  incomplete?: boolean;
  /** The text is still growing. */
  streaming?: boolean;
  /** Remote images that load; by default none does, each is shown as a link to it. */
  allowRemoteImages?: RemoteImages;
}

export function Markdown({ text, incomplete = false, streaming = false, allowRemoteImages = false }: MarkdownProps) {
  const blocks = useMemo(() => splitMarkdownBlocks(text), [text]);
  // A context, not a prop of the memoized blocks: a new policy re-renders the images, not the parse.
  const images = useMemo(() => imagePolicy(allowRemoteImages), [allowRemoteImages]);
  const last = blocks.length - 1;
  return (
    <ImagePolicyContext value={images}>
      {blocks.map((block, index) => (
        // Index keys: blocks only ever grow at the end, earlier ones never move.
        <MarkdownBlock key={index} source={block} incomplete={incomplete && index === last} streaming={streaming && index === last} />
      ))}
    </ImagePolicyContext>
  );
}
