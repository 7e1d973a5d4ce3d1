// How deeply a manifest nests, measured without recursion. The `yaml` composer, its toJS,
// JSON.stringify (which OPA's wasm SDK uses to pass the input) and structuredClone all recurse
// once per level, so a deep document overflows the default V8 stack (at about 800 levels in
// the composer). `gkc audit` therefore runs on a larger stack (audit-thread.ts) and refuses
// documents nested deeper than gator reads: Go's encoding/json and go.yaml.in/yaml/v3 both stop
// at 10,000 levels.
import { Lexer, Parser, type CST } from "yaml";

/** The deepest nesting gkc audit reads; the document's own mapping is level 1. */
export const MAX_NESTING_DEPTH = 10_000;

function isCollection(token: CST.Token): token is CST.BlockMap | CST.BlockSequence | CST.FlowCollection {
  return token.type === "block-map" || token.type === "block-seq" || token.type === "flow-collection";
}

/** Thrown when a document nests deeper than the limit; `offset` is where the parser noticed. */
export class NestingTooDeep extends Error {
  constructor(readonly offset: number) {
    super(`nested deeper than the limit at offset ${offset}`);
  }
}

/**
 * Thrown where a caller runs on a small stack (`stackLevels`) and a document may nest deeper than
 * that: it nests more than `stackLevels` deep, or uses an alias (whose expansion can nest deeper
 * than the text). The caller re-runs on a large stack: V8 may fail fatally, not with a catchable
 * RangeError, when it compiles a regex with the stack nearly exhausted.
 */
export class NeedsLargerStack extends Error {
  constructor(readonly offset: number) {
    super(`a document nests too deeply for this thread's stack at offset ${offset}`);
  }
}

/**
 * The YAML parser's tokens for the composer, which recurses once per level: stops with
 * NestingTooDeep as soon as more than `limit` collections are open, and with NeedsLargerStack when
 * the parser's stack holds more than `stackLevels` entries or an alias appears. The parser itself does not
 * recurse, and stopping early bounds time and memory too (256 MiB of `[[[[` stops at `limit`).
 */
export function* depthBoundedTokens(text: string, onNewLine: (offset: number) => void, limit: number, stackLevels = Infinity): Generator<CST.Token> {
  const parser = new Parser(onNewLine);
  onNewLine(0); // as Parser.parse does
  // The stack holds the document, its open collections and a scalar or two: count the
  // collections only when it is long, and only when it is longer than when last counted.
  let counted = limit;
  for (const lexeme of new Lexer().lex(text)) {
    // An alias lexeme starts with `*` (a plain scalar cannot; quoted ones start with a quote).
    if (stackLevels !== Infinity && lexeme[0] === "*") throw new NeedsLargerStack(parser.offset);
    yield* parser.next(lexeme);
    if (parser.stack.length > stackLevels) throw new NeedsLargerStack(parser.offset);
    if (parser.stack.length > counted) {
      counted = parser.stack.length;
      if (parser.stack.filter(isCollection).length > limit) throw new NestingTooDeep(parser.offset);
    }
  }
  yield* parser.end();
}

/**
 * Whether a composed value nests deeper than `limit`: exact where the parser's count is not
 * (aliases, implicit flow pairs such as `[a: b]`, empty innermost collections).
 */
export function deeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [current, depth] = stack.pop()!;
    if (typeof current !== "object" || current === null) continue;
    if (depth > limit) return true;
    for (const child of Object.values(current)) {
      if (typeof child === "object" && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}
