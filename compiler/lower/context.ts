// State shared by the lowering visitors: lexical scopes mapping TypeScript names to unique IR
// names, the diagnostics collected so far, and the helper functions reached from the predicate.
import { Node, SyntaxKind, VariableDeclarationKind, type FunctionDeclaration, type SourceFile } from "ts-morph";
import type { Diagnostic } from "../diagnostics.js";
import type { Expr, HelperFunction } from "../ir.js";

export interface ScopeEntry {
  readonly ir: Expr;
  /** True when the value came from Object.keys/values/entries: its order differs between engines. */
  readonly unordered: boolean;
}

export class LowerContext {
  readonly diagnostics: Diagnostic[] = [];
  /** Helpers reached so far, by declaration: two modules may declare the same name. */
  readonly helpers = new Map<FunctionDeclaration, HelperFunction>();
  private readonly helperNames = new Set<string>();
  readonly helpersInProgress = new Set<string>();
  private readonly scopes: Map<string, ScopeEntry>[] = [new Map()];
  private readonly usedNames = new Set<string>();
  /** Line of every yield, with a pattern of the messages it can produce. */
  readonly yieldSites: { line: number; pattern: RegExp }[] = [];

  /** Names the target language claims: keywords, builtins, names the emitter introduces. */
  private readonly targetReserved: ReadonlySet<string>;
  /** Names locals must avoid: the target's, plus this file's function names. */
  private readonly reserved: ReadonlySet<string>;

  constructor(
    readonly sourceFile: SourceFile,
    readonly sdkDirectory: string,
    /** Directories whose modules hold compilable helpers: the project's policies and gkc's library. */
    readonly policyDirectories: readonly string[],
    reservedNames: ReadonlySet<string> = new Set(),
  ) {
    this.targetReserved = reservedNames;
    const imported = sourceFile.getImportDeclarations().flatMap((i) => i.getNamedImports().map((n) => (n.getAliasNode() ?? n.getNameNode()).getText()));
    this.reserved = new Set([...reservedNames, ...sourceFile.getFunctions().map((f) => f.getName() ?? ""), ...imported]);
  }

  /** The IR name of a helper function: its own name unless the target reserves it or another helper has it. */
  helperName(tsName: string): string {
    let candidate = tsName;
    while (this.targetReserved.has(candidate) || candidate.startsWith("gkc_")) candidate = `${candidate}_fn`;
    const base = candidate;
    for (let n = 2; this.helperNames.has(candidate); n++) candidate = `${base}_${n}`;
    this.helperNames.add(candidate);
    return candidate;
  }

  private isReservedName(name: string): boolean {
    return this.reserved.has(name) || name.startsWith("gkc_") || name === "_";
  }

  report(diagnostic: Diagnostic): Expr {
    this.diagnostics.push(diagnostic);
    return { kind: "undefined" };
  }

  /** Runs `body` in a nested lexical scope. */
  scoped<T>(body: () => T): T {
    this.scopes.push(new Map());
    try {
      return body();
    } finally {
      this.scopes.pop();
    }
  }

  /** Declares a TypeScript binding and returns its unique IR name. */
  declare(tsName: string, unordered = false): string {
    const name = this.uniqueName(tsName);
    this.currentScope().set(tsName, { ir: { kind: "local", name }, unordered });
    return name;
  }

  /** Binds a TypeScript name to an arbitrary IR expression (the predicate's inputs). */
  alias(tsName: string, ir: Expr): void {
    this.currentScope().set(tsName, { ir, unordered: false });
  }

  lookup(tsName: string): ScopeEntry | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const entry = this.scopes[i]?.get(tsName);
      if (entry) return entry;
    }
    return undefined;
  }

  /** Fresh name for a compiler-introduced variable (lambda parameters). */
  uniqueName(base: string): string {
    const clean = base.replace(/[^A-Za-z0-9_]/g, "_");
    let candidate = clean;
    for (let n = 2; this.usedNames.has(candidate) || this.isReservedName(candidate); n++) candidate = `${clean}_${n}`;
    this.usedNames.add(candidate);
    return candidate;
  }

  /** Starts a new function body: names need only be unique within one Rego rule or function. */
  resetNames(): void {
    this.usedNames.clear();
  }

  withFreshScopes<T>(body: () => T): T {
    const saved = this.scopes.splice(0, this.scopes.length, new Map());
    const savedNames = new Set(this.usedNames);
    this.usedNames.clear();
    try {
      return body();
    } finally {
      this.scopes.splice(0, this.scopes.length, ...saved);
      this.usedNames.clear();
      for (const name of savedNames) this.usedNames.add(name);
    }
  }

  private currentScope(): Map<string, ScopeEntry> {
    const scope = this.scopes[this.scopes.length - 1];
    if (!scope) throw new Error("no scope");
    return scope;
  }

  /** True for the policy file itself and for shared modules under the policy directories (not the SDK). */
  private isPolicySource(file: SourceFile): boolean {
    if (file === this.sourceFile) return true;
    const path = file.getFilePath();
    return this.policyDirectories.some((dir) => path.startsWith(dir + "/")) && !path.startsWith(this.sdkDirectory + "/");
  }

  private declarationOf(node: Node): Node | undefined {
    let symbol = node.getSymbol();
    if (symbol?.isAlias()) symbol = symbol.getAliasedSymbol();
    return symbol?.getDeclarations()[0];
  }

  /**
   * The function declaration `node` (an identifier) refers to, when it is a helper: declared in
   * the policy file or imported from a shared module under policies/ (e.g. policies/lib/).
   */
  localFunction(node: Node): FunctionDeclaration | undefined {
    const declaration = this.declarationOf(node);
    if (declaration && Node.isFunctionDeclaration(declaration) && this.isPolicySource(declaration.getSourceFile())) {
      return declaration;
    }
    return undefined;
  }

  /** The SDK export name `node` refers to, when it is imported from the SDK. */
  sdkFunction(node: Node): string | undefined {
    let symbol = node.getSymbol();
    if (symbol?.isAlias()) symbol = symbol.getAliasedSymbol();
    const declaration = symbol?.getDeclarations()[0];
    if (!declaration) return undefined;
    const file = declaration.getSourceFile().getFilePath();
    if (!file.startsWith(this.sdkDirectory + "/")) return undefined;
    if (Node.isFunctionDeclaration(declaration)) return declaration.getName();
    return undefined;
  }

  /** A module-level `const NAME = <expression>` of the policy or a shared module, inlined where it is used. */
  moduleConstant(node: Node): Node | undefined {
    const declaration = this.declarationOf(node);
    if (
      declaration &&
      Node.isVariableDeclaration(declaration) &&
      this.isPolicySource(declaration.getSourceFile()) &&
      declaration.getVariableStatement()?.getDeclarationKind() === VariableDeclarationKind.Const &&
      declaration.getVariableStatement()?.getParent()?.getKind() === SyntaxKind.SourceFile
    ) {
      return declaration.getInitializer();
    }
    return undefined;
  }
}
