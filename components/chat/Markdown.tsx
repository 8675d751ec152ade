/**
 * Safe Markdown for answers: GitHub-flavoured (lists, tables, code), no raw HTML (react-markdown
 * shows it as text), links opened in a new tab, remote images shown as links unless the host
 * allows them (markdown-images.tsx), code blocks highlighted with a copy button (CodeBlock.tsx),
 * and math in any of the four usual delimiters (math-delimiters.ts) typeset by KaTeX
 * (MathFormula.tsx). A growing answer re-parses as little as it can: blocks are memoized one by
 * one and in groups, and a very long paragraph is memoized segment by segment, so a frame costs
 * the parse of the last block or segment, however long the answer is.
 *
 * While an answer streams, the segments of a very long paragraph are stacked as blocks: the
 * browser then lays out only the last one when it grows, where one paragraph of 100 KB costs
 * about 15 ms of layout on every change. Shorter paragraphs (1 ms at 8 KB) always flow as one,
 * and a stacked one flows again once the answer ends, unless it is so long that laying it out
 * in one piece would itself block the page.
 */
import "katex/dist/katex.min.css";
import { Fragment, memo, useMemo, useState, type ComponentPropsWithoutRef, type ReactNode } from "react";
import ReactMarkdown, { type Components } from "react-markdown";
import { CodeBlock, OpenFenceContext } from "./CodeBlock";
import { createParagraphSplitter } from "./long-paragraph";
import { ImagePolicyContext, InsideLink, MarkdownImage, imagePolicy, markdownUrlTransform, type RemoteImages } from "./markdown-images";
import { createBlockSplitter, viewBlock, type BlockSpan } from "./markdown-blocks";
import { MathFormula } from "./MathFormula";
import { REMARK_PLUGINS } from "./markdown-plugins";


/** Blocks memoized together (BlockGroup). */
const BLOCKS_PER_GROUP = 32;
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
  pre: CodeBlock,
  code: InlineCode,
};

/** A code span, or an inline formula (remark-math marks those `math-inline`). */
function InlineCode({ node: _node, className, children, ...props }: WithNode<"code">) {
  if (className?.split(" ").includes("math-inline") && typeof children === "string") return <MathFormula tex={children} display={false} />;
  return (
    <code className={className} {...props}>
      {children}
    </code>
  );
}

/** A segment of a paragraph renders its inline content only; the paragraph element is shared. */
const SEGMENT_COMPONENTS: Components = {
  ...MARKDOWN_COMPONENTS,
  p: ({ children }: { children?: ReactNode }) => <Fragment>{children}</Fragment>,
};

interface SourceProps {
  source: string;
  components: Components;
  /** The source may stop mid-way: open `**`, code spans and formulas at its end are dealt with. */
  incomplete: boolean;
  streaming: boolean;
}

/** One block or segment: its math rewritten and its unfinished end settled (markdown-blocks.ts), then parsed. */
const MarkdownSource = memo(function MarkdownSource({ source, components, incomplete, streaming }: SourceProps) {
  const view = useMemo(() => viewBlock(source, { incomplete, streaming }), [source, incomplete, streaming]);
  return (
    <OpenFenceContext value={streaming && view.endsInFence}>
      <ReactMarkdown remarkPlugins={REMARK_PLUGINS} components={components} urlTransform={markdownUrlTransform}>
        {view.markdown}
      </ReactMarkdown>
      {view.pendingMath !== undefined && (
        // The TeX of a display formula still arriving: as text, so the half formula does not jump about.
        <p className="math-pending" data-testid="math-pending">
          {view.pendingMath}
        </p>
      )}
    </OpenFenceContext>
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
  if (segments === undefined) return <MarkdownSource source={source} components={MARKDOWN_COMPONENTS} incomplete={incomplete} streaming={streaming} />;
  const last = segments.length - 1;
  const stacked = source.length > (streaming ? STACK_WHILE_STREAMING_CHARS : MAX_FLOWING_PARAGRAPH_CHARS);
  return (
    <p className={stacked ? "segments segments-stacked" : "segments"}>
      {segments.map((segment, index) => (
        // Index keys: segments only ever grow at the end, earlier ones never change.
        <span key={index} className="segment">
          <MarkdownSource source={segment} components={SEGMENT_COMPONENTS} incomplete={incomplete && index === last} streaming={streaming && index === last} />
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
  /** The text is still growing: an open code fence stays uncoloured, an open formula is held back. */
  streaming?: boolean;
  /** Remote images that load; by default none does, each is shown as a link to it. */
  allowRemoteImages?: RemoteImages;
}

interface GroupProps {
  /** Consecutive whole blocks of the answer, as one slice of its text. */
  source: string;
  /** The answer's last group, whose last block may still grow. */
  live: boolean;
  incomplete: boolean;
  streaming: boolean;
}

/**
 * Blocks in groups, each memoized on its text: a frame of a long answer reconciles a few dozen
 * groups instead of thousands of blocks. Every group is an element, so a group that fills up
 * keeps its blocks mounted; once it is no longer the last one, the browser skips its style,
 * layout and paint while it is off screen (globals.css). A long answer with formulas and code
 * can have over 100,000 nodes, and rendering them all on every frame took most of each frame.
 */
const BlockGroup = memo(function BlockGroup({ source, live, incomplete, streaming }: GroupProps) {
  // A group starts at a block's start, so splitting it again gives the same blocks; its own
  // splitter scans a growing group from its last block on, not from its start every frame.
  const [split] = useState(createBlockSplitter);
  const blocks = useMemo(() => split(source).map(({ start, end }) => source.slice(start, end)), [split, source]);
  const last = blocks.length - 1;
  return (
    <div className={live ? "markdown-group markdown-group-live" : "markdown-group"}>
      {blocks.map((block, index) => (
        // Index keys: blocks only ever grow at the end, earlier ones never move.
        <MarkdownBlock key={index} source={block} incomplete={incomplete && index === last} streaming={streaming && index === last} />
      ))}
    </div>
  );
});

export function Markdown({ text, incomplete = false, streaming = false, allowRemoteImages = false }: MarkdownProps) {
  // One splitter per answer, so a growing answer is scanned from its last block on.
  const [split] = useState(createBlockSplitter);
  const spans = useMemo(() => split(text), [split, text]);
  // A context, not a prop of the memoized blocks: a new policy re-renders the images, not the parse.
  const images = useMemo(() => imagePolicy(allowRemoteImages), [allowRemoteImages]);
  const groups: string[] = [];
  for (let first = 0; first < spans.length; first += BLOCKS_PER_GROUP) {
    const end = (spans[Math.min(first + BLOCKS_PER_GROUP, spans.length) - 1] as BlockSpan).end;
    groups.push(text.slice((spans[first] as BlockSpan).start, end));
  }
  const last = groups.length - 1;
  return (
    <ImagePolicyContext value={images}>
      {groups.map((group, index) => (
        // Index keys: groups only ever grow at the end, earlier ones never change.
        <BlockGroup key={index} source={group} live={index === last} incomplete={incomplete && index === last} streaming={streaming && index === last} />
      ))}
    </ImagePolicyContext>
  );
}
