import { formatTable } from '../build/table.js';
import { STATUS_PATH, type HostStatus } from '../../runtime-host/status.js';
import { fetchFromHost } from './host-client.js';

const fixed = (value: number | undefined) => (value === undefined ? '-' : value.toFixed(1));

/** The started runtimes waiting for cold starts, which are no function's instances. */
function poolLine(pool: HostStatus['runtimePool']): string {
  if (pool.size === 0) return 'runtime pool: off';
  const pids = pool.processes.map((pooled) => `${pooled.pid ?? '-'} (${pooled.memorySize} MB, ${pooled.state})`).join(', ');
  return `runtime pool: ${pool.idle} idle, ${pool.starting} starting, ${pool.size} per memory size${pids ? `: ${pids}` : ''}`;
}

/** The async queue's trouble with the disk, when it has any: what is held in memory and why. */
function asyncQueueLines(queue: HostStatus['asyncQueue'] | undefined): string[] {
  if (!queue?.writeError) return [];
  const { unsaved, deadLettersWaiting, deliveriesWaiting, writeError } = queue;
  const deliveries = deliveriesWaiting ? `, ${deliveriesWaiting} destination record(s) waiting` : '';
  return [`async queue: the disk refuses writes (${writeError.message}) since ${writeError.since}: ${unsaved} event(s) held in memory, ${deadLettersWaiting} dead letter(s) waiting${deliveries}; next try in ${writeError.retryInMs} ms`];
}

/** `wick host status`: one row per function, then one per instance. */
export function formatStatus(status: HostStatus): string {
  const rows = [['FUNCTION', 'INSTANCES', 'BUSY', 'COLD', 'WARM', 'THROTTLES', 'ERRORS', 'TIMEOUTS', 'QUEUED', 'ASYNC', 'P50 MS', 'P99 MS']];
  const instances = [['FUNCTION', 'PID', 'STATE', 'IN FLIGHT', 'AGE S', 'INVOCATIONS', 'INIT MS', 'MAX MB']];
  for (const [name, fn] of Object.entries(status.functions)) {
    rows.push([
      name,
      `${fn.instances.length}/${fn.settings.maxInstances}`,
      String(fn.instances.filter((instance) => instance.state === 'busy').length),
      String(fn.coldStarts),
      String(fn.warmStarts),
      String(fn.throttles),
      String(fn.errors),
      String(fn.timeouts),
      String(fn.queued),
      String(fn.asyncPending),
      fixed(fn.p50Ms),
      fixed(fn.p99Ms),
    ]);
    for (const instance of fn.instances) {
      instances.push([
        name,
        String(instance.pid ?? '-'),
        instance.state,
        String(instance.inFlight),
        (instance.ageMs / 1000).toFixed(1),
        String(instance.invocations),
        fixed(instance.initMs),
        String(instance.maxMemoryUsedMb ?? '-'),
      ]);
    }
  }
  const table = (lines: string[][]) => formatTable(lines, (column) => column !== 0 && column !== 2);
  const header = `${status.app}: host pid ${status.pid}, up ${(status.uptimeMs / 1000).toFixed(0)} s`;
  return [header, poolLine(status.runtimePool), ...asyncQueueLines(status.asyncQueue), '', table(rows), ...(instances.length > 1 ? ['', table(instances)] : [])].join('\n') + '\n';
}

/** Reads a running host's status; a host that is not there is said plainly. */
export function fetchStatus(url: string, token?: string): Promise<HostStatus> {
  return fetchFromHost<HostStatus>(url, STATUS_PATH, token, 'start one with wick host');
}
