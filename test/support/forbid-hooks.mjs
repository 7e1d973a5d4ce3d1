// Module resolution hooks for test/startup.test.ts: fail any import of the TypeScript compiler
// or gkc's own compiler, so a command that must not pay for them fails loudly if it does. With
// GKC_FORBID_LOADER=1, the TypeScript loader (tsx) too.
const forbidLoader = process.env.GKC_FORBID_LOADER === "1";

export async function resolve(specifier, context, next) {
  if (
    /^(ts-morph|typescript)(\/|$)/.test(specifier) ||
    (forbidLoader && /^tsx(\/|$)/.test(specifier)) ||
    /\/compiler\/(compile|build|lower\/|emit\/)/.test(specifier) ||
    (/^\.\.?\/(compile|build)\.js$/.test(specifier) && /\/compiler\//.test(context.parentURL ?? ""))
  ) {
    throw new Error(`gkc-startup-test: forbidden import of ${specifier} from ${context.parentURL}`);
  }
  return next(specifier, context);
}
