import { readFileSync } from 'node:fs';

/** The platforms the bill prices, by the names `wick build --platform` uses. */
export const BILLED_PLATFORMS = ['aws', 'aliyun', 'tencent'] as const;
export type BilledPlatform = (typeof BILLED_PLATFORMS)[number];

/** One platform's pay-as-you-go list prices, in US dollars. */
export interface PlatformPrice {
  label: string;
  perRequest: number;
  perGbSecond: number;
  /** Aliyun FC bills vCPU-seconds beside GB-seconds: a function holds `memory GB × vcpuPerGb` vCPUs. */
  perVcpuSecond: number;
  vcpuPerGb: number;
  /** Where the figures were read, and when. */
  source: string;
}

export type PriceTable = Record<BilledPlatform, PlatformPrice>;

/**
 * The first-tier on-demand prices as published (README "The bill" repeats them with their date). FC converts
 * every item to compute units at USD 0.00002 per CU: 75 CU per 10,000 invocations, 0.15 CU per GB-second,
 * 1 CU per active vCPU-second; FC's smallest vCPU for a given memory is a quarter of its GB.
 */
export const DEFAULT_PRICES: PriceTable = {
  aws: {
    label: 'AWS Lambda',
    perRequest: 0.2 / 1e6,
    perGbSecond: 0.0000166667,
    perVcpuSecond: 0,
    vcpuPerGb: 0,
    source: 'aws.amazon.com/lambda/pricing, x86, us-east-1, read 2026-12-01',
  },
  aliyun: {
    label: 'Aliyun FC',
    perRequest: (75 / 10_000) * 0.00002,
    perGbSecond: 0.15 * 0.00002,
    perVcpuSecond: 0.00002,
    vcpuPerGb: 0.25,
    source: 'alibabacloud.com/help/en/functioncompute/fc-3-0 pay-as-you-go (CU tier 1, list price), read 2026-12-01',
  },
  tencent: {
    label: 'Tencent SCF',
    perRequest: 0.002 / 10_000,
    perGbSecond: 0.0000167,
    perVcpuSecond: 0,
    vcpuPerGb: 0,
    source: 'tencentcloud.com/document/product/583 pricing (international, USD), read 2026-12-01',
  },
};

const NUMBER_FIELDS = ['perRequest', 'perGbSecond', 'perVcpuSecond', 'vcpuPerGb'] as const;

/**
 * The default table with the overrides of a JSON file (`--prices <file>`): any platform, any of its numbers,
 * e.g. `{ "aws": { "perGbSecond": 0.0000133334 } }` for Arm. Anything else in the file is an error that names it.
 */
export function loadPrices(file: string | undefined): PriceTable {
  if (file === undefined) return DEFAULT_PRICES;
  let overrides: unknown;
  try {
    overrides = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`--prices ${file}: ${(err as Error).message}`);
  }
  if (!overrides || typeof overrides !== 'object' || Array.isArray(overrides)) throw new Error(`--prices ${file}: expected an object keyed by ${BILLED_PLATFORMS.join(', ')}`);
  const table = structuredClone(DEFAULT_PRICES);
  for (const [platform, fields] of Object.entries(overrides)) {
    if (!(BILLED_PLATFORMS as readonly string[]).includes(platform)) throw new Error(`--prices ${file}: unknown platform ${JSON.stringify(platform)} (expected ${BILLED_PLATFORMS.join(', ')})`);
    if (!fields || typeof fields !== 'object' || Array.isArray(fields)) throw new Error(`--prices ${file}: ${platform} must be an object`);
    const price = table[platform as BilledPlatform];
    for (const [field, value] of Object.entries(fields)) {
      if (field === 'label' || field === 'source') {
        if (typeof value !== 'string') throw new Error(`--prices ${file}: ${platform}.${field} must be a string`);
        price[field] = value;
      } else if ((NUMBER_FIELDS as readonly string[]).includes(field)) {
        if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new Error(`--prices ${file}: ${platform}.${field} must be a number ≥ 0, got ${JSON.stringify(value)}`);
        price[field as (typeof NUMBER_FIELDS)[number]] = value;
      } else {
        throw new Error(`--prices ${file}: ${platform}.${field} is not a price field (${[...NUMBER_FIELDS, 'label', 'source'].join(', ')})`);
      }
    }
  }
  return table;
}
