// Scan values: what a bulk scan is asked to do, the unit of work (one MX host/IP), and the probe functions it drives.
import type { Finding } from '../findings/types.js';
import type { HostResult, ProbeResult, Verdict } from '../probe/index.js';

export type { Verdict, HostResult };

/** One MX host (or literal host) at one address: the unit that is probed once however many domains share it. */
export interface HostRef {
  host: string;
  ip: string;
  port: number;
}

/** A host as one domain sees it (its MX preference belongs to the domain, not the host). */
export interface DomainHost extends HostRef {
  mxPreference: number | null;
}

/** A target after DNS: its hosts, or why it has none. */
export interface Resolved {
  target: string;
  resolution: ProbeResult['resolution'] | 'error';
  hosts: DomainHost[];
  /** Target-level findings (null MX, no MX and no A, DNS failure...). */
  findings: Finding[];
}

/** The two halves of a probe, so resolution and probing can be split and deduplicated. */
export interface ScanProbe {
  /** Resolves a target (domain, host, host:port, [ip]:port) to the hosts to probe; never throws for DNS errors. */
  resolve(target: string): Promise<Resolved>;
  /** Probes one host at one address (all versions, certificate); never throws for network errors. */
  probeHost(ref: DomainHost): Promise<HostResult>;
  /** The target's verdict and findings from its hosts' results (defaults to `aggregate` in join.ts). */
  aggregate?(resolved: Resolved, hosts: HostResult[]): { verdict: Verdict; findings: Finding[] };
}

/** The stable key of a host job: `host|ip|port`, lower-case. */
export function hostKey(ref: HostRef): string {
  return `${ref.host.toLowerCase()}|${ref.ip.toLowerCase()}|${ref.port}`;
}

/** A host job as the engines see it. */
export interface HostJob extends HostRef {
  key: string;
}

/** What an engine reports for a finished host job. */
export interface HostOutcome {
  key: string;
  result: HostResult;
  /** Probe attempts it took (more than 1 after rate-limit answers). */
  attempts: number;
  /** True when the server kept answering "busy / too many connections" and the result is inconclusive for that. */
  rateLimited: boolean;
}

/** Politeness and pacing shared by every engine. */
export interface Politeness {
  /** Probes in flight overall (default 64). */
  concurrency: number;
  /** Probes in flight per IP address (default 1). */
  perIp: number;
  /** Probes started per second per IP address; 0 = no rate limit (default 10). */
  perIpRate: number;
  /** Retries after a rate-limit answer (421 and friends) before the host is recorded inconclusive (default 3). */
  retries: number;
  /** First back-off after a rate-limit answer, doubled per retry (default 5000 ms). */
  retryDelayMs: number;
}

export const DEFAULT_POLITENESS: Politeness = { concurrency: 64, perIp: 1, perIpRate: 10, retries: 3, retryDelayMs: 5000 };
