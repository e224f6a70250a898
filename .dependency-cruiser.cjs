/**
 * The layer rules of docs/ARCHITECTURE.md, checked on every `npm test`:
 * renderer → api contract (types only); electron, host → api → core; cli → core; shell beside
 * electron and host; test support only in tests; no cycles anywhere.
 */
const SHELL = '^src-main/(electron|host|shell)/';
module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', comment: 'A cycle makes two modules one: split the shared part out.', from: {}, to: { circular: true } },
    {
      name: 'core-is-pure',
      severity: 'error',
      comment: 'core is pure domain code: it never imports the api, the shells or the CLI.',
      from: { path: '^src-main/core/' },
      to: { path: '^src-main/(api|electron|host|shell|cli)/' },
    },
    {
      name: 'api-without-shell',
      severity: 'error',
      comment: 'The api is served by both shells: it gets shell services through its context, never by import.',
      from: { path: '^src-main/api/', pathNot: '\\.test\\.ts$' },
      to: { path: `${SHELL}|^src-main/cli/` },
    },
    {
      name: 'cli-on-core',
      severity: 'error',
      comment: 'The CLI calls core directly, like the api does; it shares nothing with the app shells.',
      from: { path: '^src-main/cli/' },
      to: { path: `^src-main/api/|${SHELL}` },
    },
    {
      name: 'shells-apart',
      severity: 'error',
      comment: 'The browser host and Electron are alternatives: neither imports the other.',
      from: { path: '^src-main/host/' },
      to: { path: '^src-main/electron/' },
    },
    {
      name: 'electron-apart',
      severity: 'error',
      from: { path: '^src-main/electron/' },
      to: { path: '^src-main/host/' },
    },
    {
      name: 'electron-only-in-the-shell',
      severity: 'error',
      comment: 'Only src-main/electron may load Electron; everything else runs in plain Node.',
      from: { pathNot: '^src-main/electron/' },
      to: { path: '^electron$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'renderer-types-only',
      severity: 'error',
      comment: 'The renderer talks to the main side through the api object; it may import the contract and the domain types it names, as types.',
      from: { path: '^src-renderer/' },
      // audio-frame.ts is the dependency-free layout of the binary live-audio frame, encoded by the renderer.
      to: { path: '^src-main/', pathNot: '^src-main/api/audio-frame\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'test-support-in-tests-only',
      severity: 'error',
      comment: 'src-main/testing and e2e helpers are for tests and benchmarks; product code never imports them.',
      from: { path: '^src-(main|renderer)/', pathNot: ['\\.(test|spec)\\.ts$', '^src-main/testing/'] },
      to: { path: ['^src-main/testing/', '^e2e/'] },
    },
    {
      name: 'no-test-imports',
      severity: 'error',
      comment: 'A test file is never a library for another module.',
      from: {},
      to: { path: '\\.(test|spec)\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist-main|dist-renderer|node_modules|release)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.svelte', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
