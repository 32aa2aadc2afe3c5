import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/paths.js';
import { apiGatewayV2Event, lambdaContext } from '../adapters/aws-lambda/platform.js';
import { functionName, generateApp, routePath } from '../bench/growth/app.mjs';

const FUNCTIONS = 12;
const FAILING = FUNCTIONS - 1;

/** A controller whose route throws, in place of the generated one: its stack trace should lead back here. */
const FAILING_CONTROLLER = `import { Controller, Get } from 'wick';

@Controller('${routePath(FAILING)}')
export class Route${FAILING}Controller {
  @Get('/')
  fail(): never {
    throw new Error('route ${FAILING} fails');
  }
}
`;

function build(app: string): void {
  const result = spawnSync(process.execPath, [CLI, 'build', app, '--platform', 'aws'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`wick build failed:\n${result.stderr}`);
}

const artifactFile = (app: string, index: number, file: string) => join(app, '.wick', 'functions', functionName(index), file);

let big: string;
let alone: string;
beforeAll(() => {
  big = generateApp(FUNCTIONS, 'wick-many-');
  writeFileSync(join(big, `src/controller/route${FAILING}.ts`), FAILING_CONTROLLER);
  alone = generateApp(1, 'wick-alone-');
  build(big);
  build(alone);
}, 180_000);
afterAll(() => {
  for (const app of [big, alone]) if (app) rmSync(app, { recursive: true, force: true });
});

describe('wick build of many functions at once', () => {
  it('writes every function, in the manifest in the order of the functions, each zip with its bundle and source map', () => {
    const manifest = JSON.parse(readFileSync(join(big, '.wick', 'manifest.json'), 'utf8'));
    expect(manifest.functions.map((fn: { name: string }) => fn.name).sort()).toEqual(Array.from({ length: FUNCTIONS }, (_, index) => functionName(index)).sort());
    for (const fn of manifest.functions) {
      const files = unzipSync(readFileSync(join(big, '.wick', fn.artifact)));
      expect(Object.keys(files).sort()).toEqual(['index.js', 'index.js.LEGAL.txt', 'index.js.map', 'package.json']);
      expect(Buffer.from(files['index.js']).equals(readFileSync(join(big, '.wick', fn.entry)))).toBe(true);
      expect(fn.initMs).toBeGreaterThan(0);
    }
  });

  it('gives a function the same bundle and source map, byte for byte, as the function built alone', () => {
    for (const file of ['index.js', 'index.js.map']) {
      expect(readFileSync(artifactFile(big, 0, file)).equals(readFileSync(artifactFile(alone, 0, file))), file).toBe(true);
    }
  });

  it("maps a thrown error's stack to the app's TypeScript source under node --enable-source-maps", () => {
    const event = apiGatewayV2Event('apigw-v2-put-json-body.json', { method: 'GET', path: routePath(FAILING) });
    const invoke = `require(process.argv[1]).handler(${JSON.stringify(event)}, ${JSON.stringify(lambdaContext())}).then((result) => process.stdout.write('\\nstatus ' + result.statusCode));`;
    // The app's logger writes the error, with its stack, beside the status the handler answered.
    const output = (NODE_OPTIONS: string) => {
      const result = spawnSync(process.execPath, ['-e', invoke, artifactFile(big, FAILING, 'index.js')], { encoding: 'utf8', env: { PATH: process.env.PATH, WICK_ENV: 'prod', NODE_OPTIONS } });
      return result.stdout + result.stderr;
    };
    const mapped = output('--enable-source-maps');
    expect(mapped).toContain('status 500');
    expect(mapped).toContain(`route ${FAILING} fails`);
    expect(mapped).toContain(`${join(big, `src/controller/route${FAILING}.ts`)}:7:`);
    expect(output('')).toContain(`${artifactFile(big, FAILING, 'index.js')}:`);
  });
});
