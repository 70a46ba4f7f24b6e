// The scan's version check (depth 'versions') on the loopback STARTTLS servers: the same versions, suites and verdicts
// as the full probe, with fewer connections per host.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeHost, type HostProbeOptions } from '../../src/probe/host.js';
import type { HostResult } from '../../src/probe/types.js';
import { realProbe } from '../../src/scan/probe-adapter.js';
import { startWorld, type World } from './world.js';

let world: World;
beforeAll(async () => {
  world = await startWorld(10, 6);
});
afterAll(async () => {
  await world?.stop();
});

const shape = (h: HostResult) => ({
  verdict: h.verdict,
  starttls: h.smtp.starttls,
  versions: h.tls.versions,
  ciphers: h.tls.ciphers,
  findings: h.findings.filter((f) => f.id !== 'tls.weak-suite').map((f) => f.id),
});

/** Connections per host before this change: dialog, a hello per version, EO suites when needed, weak-suite hellos. */
// (+1 on every passing host since the complete handshake made as Exchange Online makes it is needed for a pass.)
const FULL: Record<string, number> = { modern: 8, wide: 10, legacy: 8, nostarttls: 1, 'cbc-only': 9, busy: 1 };
/**
 * With the first hello answering its version with a suite and every version above it refused (TLS 1.3 on modern and
 * wide; TLS 1.2 on cbc-only; TLS 1.1, and 1.3 and 1.2 refused, on legacy), no weak-suite hellos, TLS 1.1 and 1.0
 * refused by one hello on a TLS 1.3 server (modern). (legacy 4 → 3 and cbc-only 6 → 5 since the first hello's own
 * version needs no hello of its own.)
 */
const VERSIONS: Record<string, number> = { modern: 5, wide: 6, legacy: 3, nostarttls: 1, 'cbc-only': 5, busy: 1 };

describe('scan depth versions', () => {
  it('answers like the full probe on every kind of loopback server, with fewer connections', async () => {
    const base: HostProbeOptions = { allowPrivate: true, timeoutMs: 5000 };
    const scan = realProbe({ ...base, depth: 'versions' });
    for (const s of world.servers) {
      const target = { name: null, ip: s.ip, port: world.port, mxPreference: null };
      const full = await probeHost(target, { ...base, reuseHandshake: false });
      const quick = await scan.probeHost({ host: s.ip, ip: s.ip, port: world.port, mxPreference: null });
      expect(shape(quick), s.kind).toEqual(shape(full));
      expect(full.connections, s.kind).toBe(FULL[s.kind]);
      expect(quick.connections, s.kind).toBe(VERSIONS[s.kind]);
    }
  });
});
