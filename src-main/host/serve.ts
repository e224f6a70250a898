/**
 * `npm run serve -- [--port <p>] [--open-corpus <dir>] [--state-file <file|none>] [--models-dir <dir>] [--cache-dir <dir>]
 * [--recordings-dir <dir>]`: the browser host.
 * Prints exactly one line, `Listening on http://127.0.0.1:<port>/?token=<token>`; errors go to stderr.
 */
import { ApiServer } from '../api/server';
import { StateFile } from '../shell/state-file';
import { startHost } from './http-host';
import { parseServeArgs, UsageError } from './serve-args';

async function main(): Promise<void> {
  const args = parseServeArgs(process.argv.slice(2));
  const state = new StateFile(args.stateFile);
  await state.load();
  const api = new ApiServer(
    {
      shell: 'browser',
      versions: { node: process.versions.node, v8: process.versions.v8 },
      typedPathsGrantAccess: true,
      startupCorpus: args.openCorpus,
      pathBase: process.cwd(),
      ...args.folders,
    },
    state,
  );
  if (args.openCorpus) api.prefetchCorpus(await api.grant(args.openCorpus));
  const host = await startHost({ api, rendererDir: args.rendererDir, port: args.port });
  process.stdout.write(`Listening on ${host.url}\n`);

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    api.dispose();
    const force = setTimeout(() => process.exit(1), 3000);
    force.unref();
    void host.close().then(() => process.exit(signal === 'SIGINT' ? 130 : 0));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  const msg = err instanceof Error ? err.message : String(err);
  process.stderr.write(`serve: ${msg}\n`);
  process.exit(err instanceof UsageError ? 2 : 1);
});
