import { KEYS, readOwn, type Class } from './metadata.js';

/**
 * Wick's decorators are TypeScript's experimental (legacy) ones and read the design-time types that
 * `emitDecoratorMetadata` records. Code compiled without those settings (by tsc, vitest's transform or any
 * other compiler) must fail at boot naming the setting, not misbehave later.
 */

const SETTINGS_HINT = 'set "experimentalDecorators": true and "emitDecoratorMetadata": true in compilerOptions of tsconfig.json';

interface StandardDecoratorContext {
  kind: string;
  name?: string | symbol;
}

function isStandardContext(value: unknown): value is StandardDecoratorContext {
  return value !== null && typeof value === 'object' && typeof (value as StandardDecoratorContext).kind === 'string';
}

/**
 * A member decorator's guard: without `experimentalDecorators`, decorators are called the standard (TC39)
 * way, `(value, context)`, where a legacy decorator expects `(prototype, propertyKey)`.
 */
export function assertExperimentalDecorators(key: unknown): void {
  if (!isStandardContext(key)) return;
  const member = key.name === undefined ? key.kind : `${key.kind} ${String(key.name)}`;
  throw new Error(`a wick decorator on ${member} was called as a standard (TC39) decorator: the code was compiled without "experimentalDecorators"; ${SETTINGS_HINT}`);
}

interface DecoratedMember {
  target: Class;
  member: string;
  /** The design-time key TypeScript writes for it under emitDecoratorMetadata. */
  designKey: 'design:paramtypes' | 'design:type';
}

function decoratedMembers(target: Class): DecoratedMember[] {
  const methods = new Set<string>([
    ...(readOwn<{ handler: string }[]>(KEYS.routes, target) ?? []).map((route) => route.handler),
    ...Object.keys(readOwn<Record<string, unknown>>(KEYS.triggers, target) ?? {}),
  ]);
  const properties = (readOwn<{ property: string }[]>(KEYS.properties, target) ?? []).map((entry) => entry.property);
  return [
    ...[...methods].map((member) => ({ target, member, designKey: 'design:paramtypes' as const })),
    ...properties.map((member) => ({ target, member, designKey: 'design:type' as const })),
  ];
}

/**
 * Every decorated handler method has `design:paramtypes` and every injected property `design:type` when
 * the code was compiled with `emitDecoratorMetadata`. Read once at boot, never per request.
 */
export function checkDecoratorMetadata(providers: Class[]): void {
  const missing = providers.flatMap(decoratedMembers).filter(({ target, member, designKey }) => !Reflect.hasOwnMetadata(designKey, target.prototype, member));
  if (missing.length === 0) return;
  const named = missing.slice(0, 3).map(({ target, member, designKey }) => `${target.name}.${member} (${designKey})`).join(', ');
  const more = missing.length > 3 ? ` and ${missing.length - 3} more` : '';
  throw new Error(
    `decorator metadata is missing on ${named}${more}: the code was compiled without "emitDecoratorMetadata", so injection by type, parameter validation and number conversion cannot work; ${SETTINGS_HINT}`,
  );
}

const DECORATOR_SYNTAX = /^\s*@[A-Za-z_$][\w$.]*\s*\(/m;

/**
 * A compiler without `experimentalDecorators` may leave `@Decorator()` in its output, which Node refuses
 * with a bare "Invalid or unexpected token" (or vitest's parser with "Decorators are not valid here"):
 * when a file that fails to parse has decorators, the error says so. Errors from other realms (vitest's
 * module runner) are told by their name, not by instanceof.
 */
export function explainImportError(err: unknown, file: string, source: () => string): unknown {
  const { name, message } = (err ?? {}) as Error;
  if (name !== 'SyntaxError' && !/decorators are not valid/i.test(String(message))) return err;
  if (!DECORATOR_SYNTAX.test(source())) return err;
  return new Error(
    `${file}: ${message}; if its decorators were left untransformed, as compilers do without "experimentalDecorators", ${SETTINGS_HINT}`,
    { cause: err },
  );
}
