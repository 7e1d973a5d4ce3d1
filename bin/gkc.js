#!/usr/bin/env node
// The gkc command: compiled JavaScript in dist/ (built by `npm run build`, run by `prepare`).
await import("../dist/cli/main.js");
