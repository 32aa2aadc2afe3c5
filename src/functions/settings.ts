import { type FunctionSettings } from '../decorators/serverless.js';

export type ResolvedSettings = Required<Omit<FunctionSettings, 'functionName' | 'destinations'>>;

export const DEFAULT_SETTINGS: ResolvedSettings = {
  memorySize: 128,
  timeout: 3,
  concurrency: 1,
  minInstances: 0,
  maxInstances: 10,
  idleTimeout: 60,
};

/**
 * What any platform (or the host) could run: memory in MB up to Aliyun FC's 32 GB, timeouts and idle timeouts in
 * seconds up to a day (FC's longest), instance counts and per-instance concurrency up to 1,000. Each platform's own,
 * narrower limits are checked where its descriptor is written.
 */
const RANGES: Record<keyof ResolvedSettings, [min: number, max: number]> = {
  memorySize: [1, 32_768],
  timeout: [1, 86_400],
  concurrency: [1, 1_000],
  minInstances: [0, 1_000],
  maxInstances: [1, 1_000],
  idleTimeout: [1, 86_400],
};

/**
 * A function's settings, checked once with one rule wherever they are read (boot, build, the host's manifest):
 * whole numbers, since no platform takes 2.5 seconds or half an instance, each within its range above, and
 * minInstances no more than maxInstances. `where` names the function in the error.
 */
export function checkSettings(values: Record<keyof ResolvedSettings, unknown>, where: string): ResolvedSettings {
  const settings = {} as ResolvedSettings;
  for (const [key, [min, max]] of Object.entries(RANGES) as [keyof ResolvedSettings, [number, number]][]) {
    const value = values[key];
    if (!Number.isInteger(value) || (value as number) < min) throw new Error(`${where}: ${key} must be a whole number >= ${min}, got ${JSON.stringify(value)}`);
    if ((value as number) > max) throw new Error(`${where}: ${key} must be at most ${max}, got ${value}`);
    settings[key] = value as number;
  }
  if (settings.minInstances > settings.maxInstances) {
    throw new Error(`${where}: minInstances (${settings.minInstances}) exceeds maxInstances (${settings.maxInstances})`);
  }
  return settings;
}

/** Which settings `own` (a function's @ServerlessFunction settings) sets, as opposed to leaving to the defaults. */
export function declaredSettings(own: Partial<Record<keyof ResolvedSettings, unknown>>): (keyof ResolvedSettings)[] {
  return (Object.keys(DEFAULT_SETTINGS) as (keyof ResolvedSettings)[]).filter((key) => own[key] !== undefined);
}
