/**
 * Wick's dependency rule (README "Architecture"): the layers below, lowest first, form a one-way stack.
 * A module may import its own layer and the layers before it, never a later one, and no import may close a cycle.
 *
 * It is checked on what tsc emits (JavaScript with `.js` imports), cruised from the output folder, so paths
 * read `src/http/route.js`. The test compiles with `verbatimModuleSyntax`, under which `import { type X } from`
 * is emitted as `import {} from`, so type imports are edges too; only whole `import type ... from` statements
 * are erased (the repo writes those for packages only). dependency-cruiser reads .ts through TypeScript's JS API (it supports typescript < 7),
 * which TypeScript 7 does not have: with it installed, cruising src/ finds no .ts file, a `tsConfig` option
 * cruises nothing, and a .ts file named directly goes to acorn's error-tolerant parser with its `.js`
 * specifiers unresolved. The emitted JavaScript is exact.
 *
 * test/architecture.test.ts compiles into a temp folder of its own and cruises it (dist/ also keeps the output of
 * files since moved or deleted, which would be cruised as if they still existed).
 */

/** Lowest first. `path` is matched against the module's path in the output folder. */
const layers = [
  // Framework core, in the order its folders may import one another.
  { name: 'core: logging', path: '^src/logging/' },
  // The request's type: decorators name it in what they record (a @Match predicate), http builds on it.
  { name: 'core: context', path: '^src/http/context\\.js$' },
  { name: 'core: decorators', path: '^src/decorators/' },
  { name: 'core: errors', path: '^src/errors/' },
  { name: 'core: config', path: '^src/config/' },
  { name: 'core: container', path: '^src/container/' },
  { name: 'core: http', path: '^src/http/(?!context\\.js$)' },
  { name: 'core: middleware', path: '^src/middleware/' },
  { name: 'core: functions', path: '^src/functions/' },
  { name: 'core: validation', path: '^src/validation/(?!index\\.js$)' },
  { name: 'core: app', path: '^src/app/' },
  // Components an app imports in its configuration (`imports: [store]`): built on the core, below what runs it.
  { name: 'components: store', path: '^src/store/' },
  // Platform adapters and the Koa server.
  { name: 'adapters: common', path: '^adapters/common/' },
  { name: 'adapters: platforms and koa-server', path: '^adapters/(?!common/)[^/]+/' },
  // Files directly in adapters/ see every platform (local-invoke.ts picks one by name).
  { name: 'adapters: across platforms', path: '^adapters/[^/]+\\.js$' },
  // The local platform.
  { name: 'runtime-host', path: '^runtime-host/' },
  // Tools.
  { name: 'tools: build', path: '^src/build/' },
  { name: 'tools: testing', path: '^src/testing/' },
  { name: 'tools: cli', path: '^src/cli/' },
  { name: 'public barrels', path: '^src/index\\.js$|^src/validation/index\\.js$' },
];

const upward = layers.slice(0, -1).map((layer, index) => ({
  name: `layer: ${layer.name}`,
  comment: `${layer.name} may import only itself and the layers below it`,
  severity: 'error',
  from: { path: layer.path },
  to: { path: layers.slice(index + 1).map((higher) => higher.path) },
}));

module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'platform: one platform per folder',
      comment: 'an adapter folder may import adapters/common and the core, not another platform',
      severity: 'error',
      from: { path: '^adapters/([^/]+)/', pathNot: '^adapters/common/' },
      to: { path: '^adapters/[^/]+/', pathNot: ['^adapters/$1/', '^adapters/common/'] },
    },
    {
      name: 'no cycles',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'unresolved relative import',
      comment: 'a relative import that does not resolve would silently drop an edge from the check',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true, path: '^\\.' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.map$|\\.d\\.ts$' },
    moduleSystems: ['es6'],
  },
};
