/**
 * Which process is at the other end of a loopback TCP connection, asked of the Linux kernel: the client's socket is
 * found in /proc/net/tcp by its two ports, and its inode among the open files (/proc/<pid>/fd) of a process tree.
 * The Runtime API admits only its own instance this way (runtime-host/README.md, "Only the instance speaks").
 */
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { type Socket } from 'node:net';
import { endianness } from 'node:os';

const TCP_TABLE = '/proc/net/tcp';

/** The check needs procfs (Linux); elsewhere every local connection is admitted, as before. */
export const peerCheckAvailable = existsSync(TCP_TABLE);

const hex = (value: number, width: number) => value.toString(16).toUpperCase().padStart(width, '0');

/** `127.0.0.1:36893` as the kernel's table writes it: the address as a 32-bit number in host byte order, the port in hex. */
function tableAddress(ip: string, port: number): string {
  const bytes = ip.split('.').map(Number);
  if (endianness() === 'LE') bytes.reverse();
  return `${bytes.map((byte) => hex(byte, 2)).join('')}:${hex(port, 4)}`;
}

/**
 * `socket:[<inode>]` of the client's end of a connection this server accepted; undefined once it is gone. The table
 * is read off the event loop: the kernel walks its whole TCP hash to write it, milliseconds on a large machine.
 */
async function clientSocketLink(connection: Socket): Promise<string | undefined> {
  const { remoteAddress, remotePort, localAddress, localPort } = connection;
  if (!remoteAddress || !remotePort || !localAddress || !localPort || !/^\d+\.\d+\.\d+\.\d+$/.test(remoteAddress)) return undefined;
  // The client's row: its own address first, ours as the remote one.
  const key = ` ${tableAddress(remoteAddress, remotePort)} ${tableAddress(localAddress, localPort)} `;
  const table = await readFile(TCP_TABLE, 'latin1');
  const at = table.indexOf(key);
  if (at < 0) return undefined;
  // local rem st tx:rx tr:when retrnsmt uid timeout inode
  const inode = table.slice(at, table.indexOf('\n', at)).trim().split(/\s+/)[8];
  return inode && inode !== '0' ? `socket:[${inode}]` : undefined;
}

/** Children of every thread of `pid` (a child belongs to the thread that forked it). */
function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) => readFileSync(`/proc/${pid}/task/${tid}/children`, 'latin1').split(' ').filter(Boolean).map(Number));
  } catch {
    return [];
  }
}

function holds(pid: number, link: string): boolean {
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return false;
  }
  for (const fd of fds) {
    try {
      if (readlinkSync(`/proc/${pid}/fd/${fd}`) === link) return true;
    } catch {
      // closed meanwhile
    }
  }
  return false;
}

/** Whether the client of this accepted loopback connection is `pid` or one of its descendants (it holds the socket). */
export async function connectedFrom(connection: Socket, pid: number): Promise<boolean> {
  const link = await clientSocketLink(connection).catch(() => undefined);
  if (!link) return false;
  const tree = [pid];
  for (let index = 0; index < tree.length; index++) {
    if (holds(tree[index], link)) return true;
    tree.push(...childrenOf(tree[index]));
  }
  return false;
}
