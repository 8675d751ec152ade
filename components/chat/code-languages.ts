/**
 * The languages whose code blocks are highlighted: a fixed set that students meet in courses,
 * each grammar its own chunk loaded the first time a block needs it. Any other fence label
 * renders as plain code, so an answer never makes the page fetch a grammar it did not plan for.
 */
import type { LanguageRegistration } from "shiki/core";

type GrammarModule = { default: LanguageRegistration[] };

/** Shiki's grammar id → its lazy import. Literal paths, so the bundler makes one chunk per grammar. */
const GRAMMARS = {
  typescript: () => import("shiki/langs/typescript.mjs"),
  tsx: () => import("shiki/langs/tsx.mjs"),
  javascript: () => import("shiki/langs/javascript.mjs"),
  jsx: () => import("shiki/langs/jsx.mjs"),
  python: () => import("shiki/langs/python.mjs"),
  java: () => import("shiki/langs/java.mjs"),
  c: () => import("shiki/langs/c.mjs"),
  cpp: () => import("shiki/langs/cpp.mjs"),
  shellscript: () => import("shiki/langs/shellscript.mjs"),
  json: () => import("shiki/langs/json.mjs"),
  sql: () => import("shiki/langs/sql.mjs"),
  html: () => import("shiki/langs/html.mjs"),
  css: () => import("shiki/langs/css.mjs"),
  markdown: () => import("shiki/langs/markdown.mjs"),
  yaml: () => import("shiki/langs/yaml.mjs"),
} satisfies Record<string, () => Promise<GrammarModule>>;

/** A grammar this app can highlight. */
export type GrammarId = keyof typeof GRAMMARS;

const LABELS: Record<GrammarId, string> = {
  typescript: "TypeScript",
  tsx: "TSX",
  javascript: "JavaScript",
  jsx: "JSX",
  python: "Python",
  java: "Java",
  c: "C",
  cpp: "C++",
  shellscript: "Bash",
  json: "JSON",
  sql: "SQL",
  html: "HTML",
  css: "CSS",
  markdown: "Markdown",
  yaml: "YAML",
};

const ALIASES: Record<string, GrammarId> = {
  ts: "typescript",
  mts: "typescript",
  cts: "typescript",
  js: "javascript",
  mjs: "javascript",
  cjs: "javascript",
  py: "python",
  python3: "python",
  h: "c",
  "c++": "cpp",
  cc: "cpp",
  hpp: "cpp",
  bash: "shellscript",
  sh: "shellscript",
  shell: "shellscript",
  zsh: "shellscript",
  console: "shellscript",
  jsonc: "json",
  md: "markdown",
  yml: "yaml",
  htm: "html",
};

/** What a fence label names: a grammar to highlight with, and the label to show. */
export interface CodeLanguage {
  grammar: GrammarId | undefined;
  label: string;
}

/**
 * `tag` is what follows the fence (` ```ts `), already without `language-`. Unknown tags keep
 * their own name as the label (trimmed, so a long one cannot stretch the header).
 */
export function codeLanguage(tag: string | undefined): CodeLanguage {
  const name = (tag ?? "").trim().toLowerCase();
  // Own keys only: a tag such as "constructor" must not find Object.prototype's members.
  const grammar = Object.hasOwn(GRAMMARS, name) ? (name as GrammarId) : Object.hasOwn(ALIASES, name) ? ALIASES[name] : undefined;
  if (grammar !== undefined) return { grammar, label: LABELS[grammar] };
  return { grammar: undefined, label: name === "" ? "Code" : name.slice(0, 24) };
}

export function loadGrammar(id: GrammarId): Promise<LanguageRegistration[]> {
  return GRAMMARS[id]().then((module) => module.default);
}
