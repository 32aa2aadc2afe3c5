import { closeSync, openSync, readSync } from 'node:fs';

const PEAK = /^VmHWM:\s+(\d+)\s+kB/m;
/** The status file is some 1.5 KB. */
const STATUS_BYTES = 4096;

/**
 * Reads the peak resident memory of one process so far (VmHWM in /proc/<pid>/status, KiB), as often as needed:
 * the file stays open and each read is a pread from its start, which procfs answers afresh in a few µs (opening it
 * each time costs some 70 µs). The open file names that process only, so a reused pid never answers for it.
 * Nothing to read off Linux, or once the process is gone.
 */
export class MemoryReader {
  private fd?: number;
  private readonly buffer = Buffer.alloc(STATUS_BYTES);

  constructor(pid: number) {
    try {
      this.fd = openSync(`/proc/${pid}/status`, 'r');
    } catch {
      this.fd = undefined;
    }
  }

  peakKb(): number | undefined {
    if (this.fd === undefined) return undefined;
    let status: string;
    try {
      status = this.buffer.toString('latin1', 0, readSync(this.fd, this.buffer, 0, STATUS_BYTES, 0));
    } catch {
      return undefined;
    }
    const peak = PEAK.exec(status);
    return peak ? Number(peak[1]) : undefined;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/** MB as Lambda counts memorySize and Max Memory Used (MiB), rounded up. */
export const megabytes = (kb: number) => Math.ceil(kb / 1024);
