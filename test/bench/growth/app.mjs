// A generated app of N functions for the growth measurements and tests: N controllers, each with one route,
// all injected with one shared service. It sits in a temp folder whose node_modules is the repository's.
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const SERVICE = `import { Provide, Scope, ScopeEnum } from 'wick';

@Provide()
@Scope(ScopeEnum.Singleton)
export class GreetingService {
  greet(name: string, index: number): string {
    return \`hello \${name} from route \${index}\`;
  }
}
`;

const controller = (index) => `import { Controller, Get, Inject, Query } from 'wick';
import { GreetingService } from '../service/greeting.js';

@Controller('/c${index}')
export class Route${index}Controller {
  @Inject()
  greeting!: GreetingService;

  @Get('/')
  hello(@Query('name') name?: string) {
    return { message: this.greeting.greet(name ?? 'world', ${index}) };
  }
}
`;

/** The function name `wick build` gives controller `index`, and its route. */
export const functionName = (index) => `route${index}Controller`;
export const routePath = (index) => `/c${index}`;

/** Writes an app of `functions` controllers into a new temp folder and returns it; the caller removes it. */
export function generateApp(functions, prefix = 'wick-growth-') {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}${functions}-`));
  mkdirSync(join(dir, 'src/controller'), { recursive: true });
  mkdirSync(join(dir, 'src/service'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'growth-app', version: '0.1.0', private: true, type: 'module' }, null, 2) + '\n');
  writeFileSync(join(dir, 'tsconfig.json'), readFileSync(join(ROOT, 'app-template/tsconfig.json')));
  writeFileSync(join(dir, 'src/service/greeting.ts'), SERVICE);
  for (let index = 0; index < functions; index++) writeFileSync(join(dir, `src/controller/route${index}.ts`), controller(index));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}
