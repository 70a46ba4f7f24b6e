// The system hosts file (/etc/hosts) for a name given as host:port: read as the system resolver reads it, size-capped.
import { open } from 'node:fs/promises';
import { isIP } from 'node:net';

/** The default hosts file, and how much of it is read (a real one is a few KiB; the rest of a bigger file is ignored). */
export const HOSTS_FILE = '/etc/hosts';
export const MAX_HOSTS_BYTES = 1024 * 1024;

/**
 * The addresses a hosts-file text gives `name` (case-insensitive, a trailing dot ignored), IPv4 first then IPv6, each
 * in file order, without repeats: `address name [aliases…]` per line, `#` to the end of a line is a comment.
 */
export function addressesInHosts(text: string, name: string): string[] {
  const want = name.toLowerCase().replace(/\.$/, '');
  const v4: string[] = [];
  const v6: string[] = [];
  for (const raw of text.split('\n')) {
    const fields = raw.replace(/#.*/, '').trim().split(/\s+/);
    const ip = fields[0] ?? '';
    const family = isIP(ip);
    if (family === 0 || fields.length < 2) continue;
    if (!fields.slice(1).some((n) => n.toLowerCase().replace(/\.$/, '') === want)) continue;
    const list = family === 4 ? v4 : v6;
    if (!list.includes(ip)) list.push(ip);
  }
  return [...v4, ...v6];
}

/**
 * The addresses the hosts file gives `name`, or null when it names none (then DNS answers). `localhost` and
 * `*.localhost` are loopback even when the file does not list them (RFC 6761 §6.3, as glibc and systemd-resolved do).
 * A missing or unreadable file is the same as an empty one; only the first MAX_HOSTS_BYTES are read (a line cut there
 * is dropped).
 */
export async function hostsFileAddresses(name: string, file: string = HOSTS_FILE): Promise<string[] | null> {
  let text = '';
  try {
    const fh = await open(file, 'r');
    try {
      const buf = Buffer.alloc(MAX_HOSTS_BYTES);
      const { bytesRead } = await fh.read(buf, 0, MAX_HOSTS_BYTES, 0);
      text = buf.subarray(0, bytesRead).toString('latin1');
      if (bytesRead === MAX_HOSTS_BYTES) text = text.slice(0, text.lastIndexOf('\n') + 1);
    } finally {
      await fh.close();
    }
  } catch {
    text = '';
  }
  const found = addressesInHosts(text, name);
  if (found.length > 0) return found;
  const n = name.toLowerCase().replace(/\.$/, '');
  if (n === 'localhost' || n.endsWith('.localhost')) return ['127.0.0.1', '::1'];
  return null;
}
