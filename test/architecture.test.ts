import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cruise, type IConfiguration, type IViolation } from 'dependency-cruiser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers/paths.js';

// The rule set and why it runs on tsc's output: test/architecture/dependency-cruiser.cjs.
const config = createRequire(import.meta.url)('./architecture/dependency-cruiser.cjs') as IConfiguration;
const TOP_FOLDERS = ['src', 'adapters', 'runtime-host'];

/** The violations of Wick's dependency rule among the modules under `baseDir`. */
async function violationsIn(baseDir: string): Promise<IViolation[]> {
  const { output } = await cruise(TOP_FOLDERS, { ...config.options, baseDir, validate: true, ruleSet: { forbidden: config.forbidden } });
  if (typeof output === 'string') throw new Error(`dependency-cruiser answered text: ${output}`);
  return output.summary.violations;
}

/** One line per violation, naming the rule and the import (for a cycle, the whole loop). */
function describeViolation(violation: IViolation): string {
  const path = violation.cycle?.length ? [violation.from, ...violation.cycle.map((step) => step.name)] : [violation.from, violation.to];
  return `${violation.rule.name}: ${path.join(' → ')}`;
}

function plant(dir: string, files: Record<string, string>): void {
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), source);
  }
}

describe('the dependency rule', () => {
  let compiled: string;
  const planted: string[] = [];

  beforeAll(() => {
    // A compile of its own, so the check never reads a dist/ older than the sources, with verbatimModuleSyntax so
    // type imports stay in the output as `import {} from`. tsc emits despite type errors (verbatimModuleSyntax adds
    // some of its own), which the typecheck reports; here only a compile that emitted nothing is a failure.
    compiled = mkdtempSync(join(tmpdir(), 'wick-layers-'));
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    const run = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json', '--outDir', compiled, '--declaration', 'false', '--sourceMap', 'false', '--verbatimModuleSyntax'], { cwd: ROOT, encoding: 'utf8' });
    if (!existsSync(join(compiled, 'src/index.js'))) throw new Error(`tsc emitted nothing: ${run.stdout}${run.stderr}`);
  });

  afterAll(() => {
    for (const dir of [compiled, ...planted]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function plantedTree(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'wick-layers-planted-'));
    planted.push(dir);
    for (const folder of TOP_FOLDERS) mkdirSync(join(dir, folder));
    plant(dir, files);
    return dir;
  }

  it('holds for src/, adapters/ and runtime-host/: no import goes up the stack, none closes a cycle', async () => {
    const violations = (await violationsIn(compiled)).map(describeViolation);
    expect(violations, `imports against the dependency rule (README "Architecture"):\n${violations.join('\n')}`).toEqual([]);
  });

  it('catches a core module that imports a tool', async () => {
    const dir = plantedTree({
      'src/cli/tool.js': 'export const tool = 1;\n',
      'src/http/uses-tool.js': "import { tool } from '../cli/tool.js';\nexport const value = tool;\n",
    });
    expect((await violationsIn(dir)).map(describeViolation)).toEqual(['layer: core: http: src/http/uses-tool.js → src/cli/tool.js']);
  });

  it('catches a cycle inside one layer', async () => {
    const dir = plantedTree({
      'runtime-host/a.js': "import { b } from './b.js';\nexport const a = () => b;\n",
      'runtime-host/b.js': "import { a } from './a.js';\nexport const b = () => a;\n",
    });
    expect((await violationsIn(dir)).map(describeViolation)).toEqual(['no cycles: runtime-host/a.js → runtime-host/b.js → runtime-host/a.js']);
  });

  it('catches one platform folder importing another', async () => {
    const dir = plantedTree({
      'adapters/aws-lambda/index.js': 'export const aws = 1;\n',
      'adapters/aliyun-fc/index.js': "import { aws } from '../aws-lambda/index.js';\nexport const fc = aws;\n",
    });
    expect((await violationsIn(dir)).map(describeViolation)).toEqual(['platform: one platform per folder: adapters/aliyun-fc/index.js → adapters/aws-lambda/index.js']);
  });
});
