/**
 * An answer as the student reads it, without its Markdown: for pasting into notes, a mail or a
 * form that would show `**` and `|` as they are. Read the way Markdown.tsx renders it (block by
 * block, math rewritten by math-delimiters.ts, remark with GFM and math), so what counts as
 * emphasis, a list, a table or a formula is decided the same way.
 *
 * Headings, paragraphs and quotes become their text; emphasis, code spans and links their text;
 * list items keep a bullet or their number; table cells are separated by tabs (a spreadsheet
 * pastes them into columns); code blocks keep their code without the fences; a formula is its
 * TeX without delimiters (`$x^2$` gives `x^2`).
 */
import type { List, ListItem, Nodes, Table } from "mdast";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { splitMarkdownBlocks, viewBlock } from "./markdown-blocks";
import { REMARK_PLUGINS } from "./markdown-plugins";

const parser = unified().use(remarkParse).use(REMARK_PLUGINS).freeze();

/** Deeper than any real answer nests; past it the text is taken flat, so no input can exhaust the stack. */
const MAX_DEPTH = 64;
const BULLET = "•";
const CHECKED = "☑";
const UNCHECKED = "☐";

/** The plain text of an answer's Markdown. Pure; blocks are separated by a blank line. */
export function answerPlainText(markdown: string): string {
  return joinBlocks(splitMarkdownBlocks(markdown).map(blockPlainText)).replace(/^\n+|\n+$/g, "");
}

function blockPlainText(block: string): string {
  // As the finished answer shows it; a display formula that nothing closes is shown as its TeX.
  const view = viewBlock(block, { incomplete: false, streaming: false });
  const writer = createWriter();
  return joinBlocks([writer.write(parser.parse(view.markdown)), writer.footnotes(), view.pendingMath ?? ""]);
}

/** One writer per block, as each block renders alone: footnotes are numbered in the order they are first referenced. */
function createWriter() {
  const footnoteNumbers = new Map<string, number>();
  const footnoteTexts = new Map<string, string>();
  let depth = 0;

  function write(node: Nodes): string {
    if (depth >= MAX_DEPTH) return flatText(node);
    depth += 1;
    try {
      return writeNode(node);
    } finally {
      depth -= 1;
    }
  }

  function writeNode(node: Nodes): string {
    switch (node.type) {
      case "root":
      case "blockquote":
        return flow(node.children);
      case "paragraph":
      case "heading":
      case "tableCell":
      case "emphasis":
      case "strong":
      case "delete":
      case "link":
      case "linkReference":
        return phrasing(node.children);
      case "text":
      case "inlineCode":
      case "code":
      case "inlineMath":
      case "math":
      // Raw HTML is shown as text, never rendered.
      case "html":
        return node.value;
      case "break":
        return "\n";
      case "image":
        return node.alt || node.url;
      case "imageReference":
        return node.alt ?? "";
      case "list":
        return writeList(node);
      case "table":
        return writeTable(node);
      case "footnoteReference":
        return `[${footnoteNumber(node.identifier)}]`;
      case "footnoteDefinition":
        // Shown at the end, like the rendered answer's footnotes.
        footnoteTexts.set(node.identifier, flow(node.children));
        return "";
      // Link definitions are not shown; a rule is already a blank line between blocks.
      case "definition":
      case "thematicBreak":
        return "";
      default:
        return "children" in node ? flow(node.children) : "value" in node ? node.value : "";
    }
  }

  function flow(nodes: readonly Nodes[]): string {
    return joinBlocks(nodes.map(write));
  }

  function phrasing(nodes: readonly Nodes[]): string {
    return nodes.map(write).join("");
  }

  function writeList(list: List): string {
    // Loose when any item is, as it renders: then items and their blocks are a blank line apart.
    const separator = list.spread || list.children.some((item) => item.spread) ? "\n\n" : "\n";
    const start = list.start ?? 1;
    return list.children
      .map((item, index) => writeListItem(item, list.ordered ? `${start + index}.` : BULLET, separator))
      .join(separator);
  }

  function writeListItem(item: ListItem, marker: string, separator: string): string {
    const check = item.checked === true ? `${CHECKED} ` : item.checked === false ? `${UNCHECKED} ` : "";
    const body = item.children.map(write).filter((text) => text !== "").join(separator);
    // Lines after the first line up under the item's text, so nested lists stay nested.
    const indent = " ".repeat(marker.length + 1);
    return `${marker} ${check}${body.replaceAll("\n", `\n${indent}`).replace(/^ +$/gm, "")}`;
  }

  function writeTable(table: Table): string {
    return table.children.map((row) => row.children.map(write).join("\t")).join("\n");
  }

  function footnoteNumber(identifier: string): number {
    const known = footnoteNumbers.get(identifier);
    if (known !== undefined) return known;
    const next = footnoteNumbers.size + 1;
    footnoteNumbers.set(identifier, next);
    return next;
  }

  /** The referenced footnotes in reference order; one never referenced is not shown. */
  function footnotes(): string {
    return [...footnoteNumbers]
      .map(([identifier, number]) => `[${number}] ${footnoteTexts.get(identifier) ?? ""}`.trimEnd())
      .join("\n");
  }

  return { write, footnotes };
}

/** The text of every leaf under `root`, in order, without recursion. */
function flatText(root: Nodes): string {
  const parts: string[] = [];
  const pending: Nodes[] = [root];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if ("value" in node) parts.push(node.value);
    else if ("children" in node) for (let index = node.children.length - 1; index >= 0; index -= 1) pending.push(node.children[index] as Nodes);
  }
  return parts.join("");
}

function joinBlocks(blocks: readonly string[]): string {
  return blocks.filter((text) => text !== "").join("\n\n");
}
