/**
 * A conversation's title from its first question, as the chat apps students know do it: one
 * short line, without Markdown or code, cut at a word. Pure, so it is tested on its own.
 */
export const MAX_TITLE_CHARS = 48;
export const UNTITLED = "New chat";
/** A title typed by hand may be longer than an automatic one, within reason. */
export const MAX_TYPED_TITLE_CHARS = MAX_TITLE_CHARS * 2;

export function titleFromQuestion(question: string, maxChars: number = MAX_TITLE_CHARS): string {
  const text = question
    .replace(/```[\s\S]*?(```|$)/g, " ") // code blocks say little about the topic and are long
    .replace(/`([^`]*)`/g, "$1")
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1") // links and images: their text
    .replace(/[*_~#>|]+/g, " ")
    .replace(/\$+/g, "")
    .replace(/\s+/g, " ")
    .trim();
  if (text === "") return UNTITLED;
  const capitalised = text.charAt(0).toUpperCase() + text.slice(1);
  return clip(capitalised, maxChars);
}

/** A title typed by hand: one line, trimmed, bounded; empty means keep the current one. */
export function cleanTypedTitle(typed: string, maxChars: number = MAX_TYPED_TITLE_CHARS): string {
  return clip(typed.replace(/\s+/g, " ").trim(), maxChars);
}

function clip(text: string, maxChars: number): string {
  const characters = Array.from(text); // never cut an emoji or other surrogate pair in half
  if (characters.length <= maxChars) return text;
  const cut = characters.slice(0, maxChars - 1).join("");
  const lastSpace = cut.lastIndexOf(" ");
  // Cut at the last word boundary unless that would leave too little of the question.
  const atWord = lastSpace >= maxChars * 0.5 ? cut.slice(0, lastSpace) : cut;
  return `${atWord.replace(/[\s,.;:!?-]+$/, "")}…`;
}
