/**
 * A fenced code block in an answer: its language, a button that copies exactly its code, and
 * the code, coloured once highlighting (asynchronous, off the page's thread) has it. The text in
 * `pre code` is the same before and after colouring: only spans are added around it.
 *
 * While a block's fence is still open (the answer is streaming it), the code stays plain:
 * colouring each new line as it arrives would make the whole block flicker.
 */
import { createContext, Fragment, useContext, useEffect, useState, type ComponentPropsWithoutRef } from "react";
import { CopyButton } from "./CopyButton";
import { codeLanguage, type CodeLanguage, type GrammarId } from "./code-languages";
import type { HighlightedLines } from "./highlight";
import { cachedHighlight, highlight } from "./highlighter";
import { MathFormula } from "./MathFormula";

/** True inside a Markdown block whose last code fence may still grow: its code is shown plain. */
export const OpenFenceContext = createContext(false);

/** The parts of a hast node read here (react-markdown passes the `pre` element as `node`). */
interface HastNode {
  type: string;
  tagName?: string;
  value?: string;
  properties?: { className?: unknown };
  children?: HastNode[];
}

function textOf(node: HastNode): string {
  if (node.type === "text") return node.value ?? "";
  return (node.children ?? []).map(textOf).join("");
}

/** The code element's text and fence tag (` ```ts ` gives "ts"), or undefined if `pre` holds no code. */
function readCode(pre: HastNode | undefined): { text: string; tag: string | undefined } | undefined {
  const code = pre?.children?.find((child) => child.type === "element" && child.tagName === "code");
  if (code === undefined) return undefined;
  const classes = Array.isArray(code.properties?.className) ? (code.properties.className as unknown[]) : [];
  const language = classes.find((name): name is string => typeof name === "string" && name.startsWith("language-"));
  return { text: textOf(code), tag: language?.slice("language-".length) };
}

export function CodeBlock({ node, ...props }: ComponentPropsWithoutRef<"pre"> & { node?: unknown }) {
  const open = useContext(OpenFenceContext);
  const source = readCode(node as HastNode | undefined);
  if (source === undefined) return <pre tabIndex={0} {...props} />;
  // remark-math's display formulas, and ```math fences as GitHub shows them.
  if (source.tag === "math") return <MathFormula tex={source.text.replace(/\n$/, "")} display />;
  return <FencedCode text={source.text} language={codeLanguage(source.tag)} tag={source.tag} open={open} />;
}

interface FencedCodeProps {
  /** The code element's text: the code and the newline Markdown ends it with. */
  text: string;
  language: CodeLanguage;
  tag: string | undefined;
  open: boolean;
}

function FencedCode({ text, language, tag, open }: FencedCodeProps) {
  const code = text.endsWith("\n") ? text.slice(0, -1) : text;
  const lines = useHighlightedLines(code, open ? undefined : language.grammar);
  const copyLabel = language.grammar !== undefined || tag ? `Copy ${language.label} code` : "Copy code";
  return (
    <div className="code-block" data-testid="code-block" data-highlighted={lines !== undefined}>
      <div className="code-block-bar">
        <span className="code-block-language" data-testid="code-language">
          {language.label}
        </span>
        <CopyButton text={code} label={copyLabel} />
      </div>
      {/* Focusable: a wide block scrolls inside the answer, and the keyboard must reach it. */}
      <pre tabIndex={0}>
        <code className={tag ? `language-${tag}` : undefined}>
          {lines === undefined ? text : <Tokens lines={lines} tail={text.slice(code.length)} />}
        </code>
      </pre>
    </div>
  );
}

function Tokens({ lines, tail }: { lines: HighlightedLines; tail: string }) {
  return (
    <>
      {lines.map((line, lineIndex) => (
        // Index keys: the lines of one highlighted block never change.
        <Fragment key={lineIndex}>
          {lineIndex > 0 && "\n"}
          {line.map((token, tokenIndex) => (
            <span key={tokenIndex} style={token.style}>
              {token.content}
            </span>
          ))}
        </Fragment>
      ))}
      {tail}
    </>
  );
}

/** The coloured lines of `code` once they are ready; undefined while plain (or with no grammar). */
function useHighlightedLines(code: string, grammar: GrammarId | undefined): HighlightedLines | undefined {
  const [ready, setReady] = useState<{ code: string; grammar: GrammarId; lines: HighlightedLines }>();
  const cached = grammar === undefined ? undefined : cachedHighlight(code, grammar);
  useEffect(() => {
    if (grammar === undefined || cached !== undefined) return;
    let current = true;
    void highlight(code, grammar).then((lines) => {
      if (current && lines !== undefined) setReady({ code, grammar, lines });
    });
    return () => {
      current = false;
    };
  }, [code, grammar, cached]);
  if (cached !== undefined) return cached;
  return ready !== undefined && ready.code === code && ready.grammar === grammar ? ready.lines : undefined;
}
