import { join, resolve } from 'node:path';
import { formatTable } from '../build/table.js';
import { BILL_PATH, priceUsage, readUsage, type Bill } from '../../runtime-host/bill.js';
import { BILLED_PLATFORMS, loadPrices } from '../../runtime-host/prices.js';
import { fetchFromHost } from './host-client.js';

/** Dollars to the precision a per-request price needs. */
const usd = (value: number) => `$${value < 1 ? value.toPrecision(3) : value.toFixed(2)}`;

/** `wick host bill`: the metering per function, then what it costs on each platform beside an always-on instance. */
export function formatBill(bill: Bill): string {
  const usage = [['FUNCTION', 'INVOCATIONS', 'COLD', 'BILLED MS', 'GB-S', 'INSTANCE S', 'MEMORY MB']];
  for (const [name, fn] of Object.entries(bill.functions)) {
    usage.push([name, String(fn.invocations), String(fn.coldStarts), String(fn.billedMs), fn.gbSeconds.toFixed(4), fn.instanceSeconds.toFixed(1), String(fn.memorySize)]);
  }
  const costs = [['PLATFORM', 'REQUESTS', 'COMPUTE', 'PAY PER USE', 'ALWAYS ON', 'RATIO']];
  for (const platform of BILLED_PLATFORMS) {
    const priced = bill.platforms[platform];
    const requests = Object.values(priced.functions).reduce((sum, cost) => sum + cost.requests, 0);
    const ratio = priced.total > 0 ? `${(priced.alwaysOn / priced.total).toFixed(1)}×` : '-';
    costs.push([priced.label, usd(requests), usd(priced.total - requests), usd(priced.total), usd(priced.alwaysOn), ratio]);
  }
  const numbers = (column: number) => column !== 0;
  return [
    `metered since ${bill.since}, ${bill.wallSeconds.toFixed(0)} s of host wall time`,
    '',
    formatTable(usage, numbers),
    '',
    `cost in ${bill.currency} at list prices (always on: one instance per function, same memory, the whole wall time)`,
    formatTable(costs, numbers),
    '',
    ...BILLED_PLATFORMS.map((platform) => `${bill.prices[platform].label}: ${bill.prices[platform].source}`),
  ].join('\n') + '\n';
}

/** The bill of a build folder's ledger (`<dir>/host-bill.json`), running host or not. */
export function billOfFolder(dir: string, pricesFile: string | undefined): Bill {
  const file = join(resolve(dir), 'host-bill.json');
  const usage = readUsage(file);
  if (!usage) throw new Error(`no bill at ${file}: wick host has not run an invocation over ${dir} yet`);
  return priceUsage(usage, loadPrices(pricesFile));
}

/** A running host's bill, at its own prices. */
export function fetchBill(url: string, token?: string): Promise<Bill> {
  return fetchFromHost<Bill>(url, BILL_PATH, token, "start one with wick host, or leave out --url to read the build folder's ledger");
}
