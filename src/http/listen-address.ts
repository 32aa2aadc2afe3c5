import { isIP } from 'node:net';

/**
 * Where a server listens and how it names itself: one rule for `wick host` and server mode.
 */

/** A server listens on this machine only unless told otherwise. */
export const LOOPBACK_HOST = '127.0.0.1';

/** `[::1]` → `::1`: a URL or Host header writes an IPv6 address in brackets. */
function unbracketed(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** Whether an address (or a host name) reaches this machine only: 127.0.0.0/8, ::1 (also IPv4-mapped), `localhost`, `*.localhost`. */
export function isLoopback(host: string): boolean {
  const name = unbracketed(host.trim().toLowerCase()).replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  const v4 = name.startsWith('::ffff:') && isIP(name.slice(7)) === 4 ? name.slice(7) : name;
  if (isIP(v4) === 4) return v4.startsWith('127.');
  // The URL parser writes every spelling of an IPv6 address in its one compressed form.
  return isIP(name) === 6 && new URL(`http://[${name}]`).hostname === '[::1]';
}

/** Whether a host name is an IP address literal (IPv6 bracketed or not). */
export function isIpLiteral(host: string): boolean {
  return isIP(unbracketed(host)) !== 0;
}

/** An address as it goes in a URL: IPv6 in brackets. */
export function urlHost(address: string): string {
  return isIP(address) === 6 ? `[${address}]` : address;
}

/** The name part of a Host header (`example.com:9000` → `example.com`, `[::1]:9000` → `[::1]`), lower-cased. */
export function hostName(header: string): string {
  const value = header.trim().toLowerCase();
  if (value.startsWith('[')) return value.slice(0, value.indexOf(']') + 1 || undefined);
  return value.replace(/:\d*$/, '');
}
