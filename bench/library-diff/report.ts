// The library differential's report: a compact table for the terminal and a markdown page.
import type { Tuple } from "../../test/support/gator-tuples.js";
import type { Classified, Failure } from "./classify.js";
import type { ReferenceTemplate } from "./reference.js";
import { code, compactJson, messageList } from "./format.js";

/** A divergent tuple as shown: shrunk (or as sampled) with both sides' messages on it. */
export interface Example {
  readonly original: Tuple;
  readonly shrunk: Tuple;
  readonly gkc: readonly string[];
  readonly library: readonly string[];
}

export interface KindReport {
  readonly kind: string;
  readonly policy: string;
  readonly reference: ReferenceTemplate;
  readonly referential: boolean;
  readonly requestDependent: boolean;
  readonly sampled: number;
  readonly classified: Classified;
  readonly examples: { readonly gkcOnly: Example[]; readonly libraryOnly: Example[]; readonly messages: Example[]; readonly valuesOnly: Example[]; readonly evaluation: Example[] };
  readonly seconds: number;
}

export interface RunMeta {
  readonly samples: number;
  readonly seed: number;
  readonly seconds: number;
  readonly date: string;
  readonly unbuilt: readonly string[];
  readonly partial: boolean;
  readonly shrink: boolean;
}

const SHOWN_PATTERNS = 12;
const SHOWN_FAILURES = 3;

function messageDivergences(c: Classified): number {
  return [...c.messages.values()].reduce((n, p) => n + p.divergences.length, 0);
}

function marks(r: KindReport): string {
  return `${r.referential ? " ᴿ" : ""}${r.requestDependent ? " †" : ""}`;
}

function columns(r: KindReport): string[] {
  const c = r.classified;
  const other = [c.evaluation.length ? `${c.evaluation.length} eval errors` : "", c.schema.length ? `${c.schema.length} schema` : "", c.tool.length ? `${c.tool.length} TOOL` : ""].filter(Boolean);
  return [
    `${r.kind}${marks(r)}`,
    `${c.compared}/${r.sampled}`,
    String(c.gkcOnly.length),
    String(c.libraryOnly.length),
    c.messages.size ? `${messageDivergences(c)} (${c.messages.size})` : "0",
    String(c.valuesOnly.length),
    other.join(", ") || "-",
  ];
}

const HEADERS = ["kind", "compared", "gkc denies, library admits", "library denies, gkc admits", "message wording (patterns)", "message values only", "other"];

/** The terminal table: aligned columns. */
export function renderTable(reports: readonly KindReport[]): string {
  const rows = [HEADERS, ...reports.map(columns)];
  const widths = HEADERS.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (row: readonly string[]): string => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ");
  return [line(rows[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(1).map(line), "ᴿ referential (one gator run per tuple, with its inventory)   † verdicts also depend on the admission request"].join("\n");
}

/** Text for a table cell: pipes escaped (GitHub reads `\|` as a pipe inside code spans too). */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function tupleJson(tuple: Tuple, referential: boolean): string {
  // No parameters: the Constraint has no spec.parameters (a library template that declares none).
  const shown: Record<string, unknown> = { object: tuple.object, ...(tuple.parameters !== undefined ? { parameters: tuple.parameters } : {}) };
  if (referential) shown["inventory"] = tuple.inventory;
  return compactJson(shown);
}

function size(tuple: Tuple): number {
  return JSON.stringify([tuple.object, tuple.parameters, tuple.inventory]).length;
}

function renderExample(e: Example, n: number, referential: boolean): string[] {
  const shrunk = e.shrunk === e.original ? "as sampled" : `shrunk from ${size(e.original)} to ${size(e.shrunk)} characters`;
  return [
    `Example ${n} (tuple ${e.original.index}, ${shrunk}):`,
    "",
    "```json",
    tupleJson(e.shrunk, referential),
    "```",
    "",
    `- gkc: ${messageList(e.gkc)}`,
    `- library: ${messageList(e.library)}`,
    "",
  ];
}

function renderFailures(title: string, failures: readonly Failure[], referential: boolean): string[] {
  if (!failures.length) return [];
  const lines = [`### ${title} (${failures.length})`, ""];
  for (const f of failures.slice(0, SHOWN_FAILURES)) {
    lines.push(`Tuple ${f.tuple.index}:`, "", "```json", tupleJson(f.tuple, referential), "```", "", `- gkc: ${code(f.gkc)}`, `- library: ${code(f.library)}`, "");
  }
  if (failures.length > SHOWN_FAILURES) lines.push(`… and ${failures.length - SHOWN_FAILURES} more.`, "");
  return lines;
}

function renderKind(r: KindReport): string[] {
  const c = r.classified;
  const skipped = [...c.skipped.entries()].map(([reason, n]) => `${n} ${reason}`).join("; ");
  const lines = [
    `## ${r.kind}`,
    "",
    `gkc \`policies/${r.policy}\` against the library's \`${r.reference.path}\`${r.reference.hadCel ? " (its Rego; the CEL is removed)" : ""}` +
      `${r.referential ? "; referential: one gator run per tuple, with its inventory" : ""}` +
      `${r.requestDependent ? "; verdicts also depend on the admission request, which gator test leaves empty for both" : ""}.`,
    "",
    `${r.sampled} sampled, ${c.compared} compared (${c.agreeing} agree)${skipped ? `; not compared: ${skipped}` : ""}.`,
    "",
  ];
  const verdict = (title: string, count: number, examples: readonly Example[]): void => {
    if (!count) return;
    lines.push(`### ${title} (${count})`, "");
    examples.forEach((e, i) => lines.push(...renderExample(e, i + 1, r.referential)));
  };
  verdict("gkc denies, the library admits", c.gkcOnly.length, r.examples.gkcOnly);
  verdict("The library denies, gkc admits", c.libraryOnly.length, r.examples.libraryOnly);
  if (c.messages.size) {
    const patterns = [...c.messages.values()].sort((a, b) => b.divergences.length - a.divergences.length);
    lines.push(
      `### Message wording: ${messageDivergences(c)} tuples, ${c.messages.size} patterns`,
      "",
      "Both deny, with differently worded messages. A pattern is the messages only one side gives, with quoted or bracketed text, the tuple's own string values, numbers and collections shown as ….",
      "",
    );
    lines.push("| tuples | gkc | library |", "|---:|---|---|");
    for (const p of patterns.slice(0, SHOWN_PATTERNS)) lines.push(`| ${p.divergences.length} | ${p.gkc.map((m) => cell(code(m))).join("<br>") || "(none)"} | ${p.library.map((m) => cell(code(m))).join("<br>") || "(none)"} |`);
    if (patterns.length > SHOWN_PATTERNS) {
      const rest = patterns.slice(SHOWN_PATTERNS);
      lines.push(`| ${rest.reduce((n, p) => n + p.divergences.length, 0)} | … ${rest.length} more patterns | |`);
    }
    lines.push("", "The most frequent patterns, one example each:", "");
    r.examples.messages.forEach((e, i) => lines.push(...renderExample(e, i + 1, r.referential)));
  }
  verdict("Evaluation errors: a side's Rego failed, and gator reports the error as a violation", c.evaluation.length, r.examples.evaluation);
  if (c.valuesOnly.length) {
    lines.push(`### Message values only (${c.valuesOnly.length})`, "", "Both deny with messages of the same wording that write values differently (collections, quoting, spacing, order).", "");
    r.examples.valuesOnly.forEach((e, i) => lines.push(...renderExample(e, i + 1, r.referential)));
  }
  lines.push(...renderFailures("Parameters gkc's schema accepts and the library's rejects", c.schema, r.referential));
  lines.push(...renderFailures("Tool failures", c.tool, r.referential));
  return lines;
}

export function renderMarkdown(reports: readonly KindReport[], meta: RunMeta): string {
  const table = [`| ${HEADERS.join(" | ")} |`, `|---|${HEADERS.slice(1).map(() => "---:").join("|")}|`, ...reports.map((r) => `| ${columns(r).map(cell).join(" | ")} |`)];
  const diverging = reports.filter((r) => r.classified.gkcOnly.length || r.classified.libraryOnly.length || r.classified.messages.size || r.classified.valuesOnly.length || r.classified.evaluation.length || r.classified.schema.length || r.classified.tool.length);
  return [
    "# gkc against the gatekeeper-library's templates, in gator",
    "",
    `Generated by \`node bin/run-ts.js bench/library-diff.ts\`${meta.partial ? " (some kinds)" : ""} on ${meta.date}: ${meta.samples} tuples per kind from the gkc policy's arbitraries, seed ${meta.seed}, ${meta.seconds.toFixed(0)} s.`,
    "",
    "Each tuple (object, parameters, and for referential kinds the inventory) runs through the pinned `gator test` twice: with gkc's `out/templates/<kind>.yaml` and with the library's `template.yaml`, on its Rego (the library's K8sNativeValidation code is removed, as `--enable-k8s-native-validation=false` would). A verdict is whether the tuple has any violation; messages are compared as sets. gator test reviews a plain object (no operation, userInfo or oldObject), for both sides alike, as test/gator-generated.test.ts does: where a kind's verdicts depend on the request (†: its arbitraries draw requests), what UPDATE, DELETE or the user change is not compared here.",
    "",
    meta.shrink
      ? "Examples are the smallest divergent tuples of each class, shrunk (fields, items, parameters and inventory objects removed, re-run in gator on both sides) while they diverge the same way; the messages shown are both sides' on the shrunk tuple."
      : "Examples are the smallest divergent tuples of each class, as sampled (--no-shrink).",
    "",
    ...(meta.unbuilt.length ? [`Not compared (no out/templates file; run \`gkc build\`): ${meta.unbuilt.join(", ")}.`, ""] : []),
    ...table,
    "",
    "ᴿ referential (one gator run per tuple, with its inventory). † verdicts also depend on the admission request.",
    "",
    ...diverging.flatMap(renderKind),
    ...(reports.length > diverging.length ? [`## No divergence`, "", reports.filter((r) => !diverging.includes(r)).map((r) => r.kind).join(", "), ""] : []),
  ].join("\n");
}
