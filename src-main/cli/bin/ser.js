#!/usr/bin/env node
// The `ser` command: runs the bundled CLI that `npm ci` (prepare) builds into dist-main.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../../../dist-main/cli/main.js', import.meta.url));
if (!existsSync(cli)) {
  console.error('ser: the CLI is not built yet; run `npm run build:main` (npm ci does it) in ' + fileURLToPath(new URL('../../..', import.meta.url)));
  process.exit(2);
}
await import(cli);
