#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { createProject } from './new.js';
import { dev } from './dev.js';
import { portFrom, start } from './start.js';
import { invoke } from './invoke.js';
import { loadCompiledApp } from './load-app.js';
import { formatRoutes } from './routes.js';
import { buildApp, type BuildTarget } from '../build/index.js';

const USAGE = `usage: wick <command> [options]

commands:
  new <dir>                 create an app from the template
  dev [dir] [--port N]      compile, serve and restart on change under src/ (env: local)
  start [dir] [--port N] [--build]
                            serve the compiled app from <dir>/dist (--build compiles first)
  invoke <function> [dir] [--event file.json | --data '<json>'] [--platform aws|aliyun|tencent] [--no-build]
                            run one function locally; the result is printed as JSON on stdout, logs go to stderr
  routes [dir] [--no-build] list controllers' routes, functions and their triggers
  build [dir] [--platform aws|aliyun|tencent|host|all] [--out .wick] [--minify] [--sourcemap] [--aggregate]
                            one small bundle per function, zips, manifest.json and deploy descriptors
  host [--dir .wick] [--port 9000] [--idle-timeout 60s] [--queue-size 10] [--retry-delay 1m]
                            run a build's functions as a local FaaS platform (wick host --help for more)
  host status [--url http://127.0.0.1:9000]
                            instances and counters of a running host

PORT sets the port when --port is absent (default 7001).`;

async function main(argv: string[]): Promise<void> {
  // The host has flags of its own; it parses them itself.
  if (argv[0] === 'host') return (await import('../../runtime-host/cli.js')).hostCommand(argv.slice(1));
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    allowNegative: true,
    options: {
      port: { type: 'string' },
      build: { type: 'boolean' },
      event: { type: 'string' },
      data: { type: 'string' },
      platform: { type: 'string' },
      out: { type: 'string' },
      minify: { type: 'boolean', default: false },
      sourcemap: { type: 'boolean', default: false },
      aggregate: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, dir = '.'] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return;
  }
  switch (command) {
    case 'new': {
      if (positionals.length < 2) throw new Error('wick new needs a directory: wick new <dir>');
      const created = createProject(dir);
      console.log(`created ${created}\nnext: cd ${created} && npm install && npm test`);
      return;
    }
    case 'dev':
      return dev(dir, portFrom(values.port));
    case 'start':
      return start({ dir, port: portFrom(values.port), build: values.build ?? false });
    case 'invoke': {
      const [, functionName, appDir = '.'] = positionals;
      if (!functionName) throw new Error('wick invoke needs a function name: wick invoke <function> [dir]');
      return invoke({ functionName, dir: appDir, event: values.event, data: values.data, platform: values.platform, build: values.build ?? true });
    }
    case 'build': {
      const platform = (values.platform ?? 'host') as BuildTarget;
      if (!['aws', 'aliyun', 'tencent', 'host', 'all'].includes(platform)) throw new Error(`unknown platform "${platform}": use aws, aliyun, tencent, host or all`);
      const started = Date.now();
      await buildApp({
        appDir: dir,
        platform,
        out: values.out,
        minify: values.minify,
        sourcemap: values.sourcemap,
        aggregate: values.aggregate,
        log: (line) => process.stderr.write(`${line}\n`),
      });
      process.stderr.write(`built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      return;
    }
    case 'routes': {
      const app = await loadCompiledApp(dir, values.build ?? true, { config: { logger: { level: 'warn' } } });
      process.stdout.write(formatRoutes(app));
      return app.close();
    }
    default:
      throw new Error(`unknown command "${command}"\n\n${USAGE}`);
  }
}

main(process.argv.slice(2)).catch((err: Error) => {
  process.stderr.write(`wick: ${err.message}\n`);
  process.exit(1);
});
