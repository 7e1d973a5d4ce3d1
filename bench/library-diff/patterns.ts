// Message patterns: a message with the values it quotes from the tuple replaced by placeholders,
// so that hundreds of message divergences read as a few distinct wordings.
import type { Tuple } from "../../test/support/gator-tuples.js";

/** Quoted text (not apostrophes), and the library's habit: values in angle brackets ("container <app> has no ..."). */
const QUOTED = /"(?:[^"\\]|\\.)*"|(?<![\p{L}\p{N}])'(?:[^'\\\n]|\\.)*'(?![\p{L}\p{N}])|`[^`]*`/gu;
const BRACKETED = /<[^<>\n]*>/g;
const NUMBER = /(?<![\p{L}\p{N}_])-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?(?![\p{L}\p{N}_])/gu;
/** Literals as messages print them: JSON's, and JavaScript's name for a missing value. */
const LITERAL = /(?<![\p{L}\p{N}_])(?:null|undefined|true|false)(?![\p{L}\p{N}_])/gu;
/** A collection of placeholders, however it is spaced and nested ({"a": ["b"]}, ["a","b"]) is one. */
const COLLECTION = /\{[\s…:,[\]{}]*\}|\[[\s…:,[\]{}]*\]/g;
/** A list of placeholders ("…, …", "… …") is one placeholder: the count of items is data too. */
const PLACEHOLDER_LIST = /…(?:(?:,\s*|\s+)…)+/g;
/** Short values that are also words of messages ("has a cpu limit"): left alone. */
const WORDS = new Set(["a", "A", "I", "an", "as", "at", "be", "by", "if", "in", "is", "it", "no", "of", "on", "or", "to"]);

/**
 * String values of the tuple that a message may quote, longest first. Not keys: those are field
 * names ("labels", "capabilities") that messages use as words.
 */
function tupleStrings(tuple: Tuple): string[] {
  const found = new Set<string>();
  const walk = (value: unknown): void => {
    if (typeof value === "string") found.add(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (typeof value === "object" && value !== null) Object.values(value).forEach(walk);
  };
  walk([tuple.object, tuple.parameters, tuple.inventory]);
  return [...found].filter((s) => s.trim() !== "" && !WORDS.has(s)).sort((a, b) => b.length - a.length);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The message's wording: quoted text, the tuple's own strings, numbers, literals and collections as "…". */
export function messagePattern(message: string, tuple: Tuple): string {
  let text = message.replace(QUOTED, "…").replace(BRACKETED, "<…>");
  for (const value of tupleStrings(tuple)) {
    if (!text.includes(value)) continue;
    // Whole values only: "app" in "application" is wording, not data.
    text = text.replace(new RegExp(`(?<![\\p{L}\\p{N}_])${escapeRegExp(value)}(?![\\p{L}\\p{N}_])`, "gu"), "…");
  }
  text = text.replace(NUMBER, "…").replace(LITERAL, "…");
  return text.replace(COLLECTION, (c) => (c.includes("…") ? `${c[0]}…${c.at(-1)}` : c.replace(/\s/g, ""))).replace(PLACEHOLDER_LIST, "…");
}

/** A side's messages as one key: their distinct patterns, sorted. */
export function patternSet(messages: readonly string[], tuple: Tuple): string[] {
  return [...new Set(messages.map((m) => messagePattern(m, tuple)))].sort();
}
