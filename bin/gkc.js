#!/usr/bin/env node
// Runs the TypeScript CLI directly: policies are TypeScript and run natively through tsx.
import { register } from "tsx/esm/api";

register();
await import("../cli/main.ts");
