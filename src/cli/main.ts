#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { createProject } from './new.js';
import { dev } from './dev.js';
import { portFrom, start } from './start.js';

const USAGE = `usage: wick <command> [options]

commands:
  new <dir>                 create an app from the template
  dev [dir] [--port N]      compile, serve and restart on change under src/ (env: local)
  start [dir] [--port N] [--build]
                            serve the compiled app from <dir>/dist (--build compiles first)

PORT sets the port when --port is absent (default 7001).`;

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { port: { type: 'string' }, build: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
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
    default:
      throw new Error(`unknown command "${command}"\n\n${USAGE}`);
  }
}

main(process.argv.slice(2)).catch((err: Error) => {
  process.stderr.write(`wick: ${err.message}\n`);
  process.exit(1);
});
