// Lab request and result types: the scenarios, the servers that stage them, and the JSON of `mailtls lab --json`.
import type { Finding, Verdict as LabVerdict } from '../findings/types.js';
import type { Lang } from '../i18n/lang.js';
import type { ListenPolicyName, SessionOutcome, VersionRange } from '../listen/index.js';

/** Every scenario, in the order the lab runs and prints them. */
export const SCENARIO_NAMES = [
  'healthy',
  'legacy-tls',
  'broken-handshake',
  'no-starttls',
  'expired-certificate',
  'self-signed-certificate',
  'eo-sender-tls10',
  'eo-sender-no-starttls',
  'eo-sender-healthy',
  'onprem-sender-no-starttls',
  'outbound-connector-name-mismatch',
  'onprem-sender-no-client-certificate',
] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

/** Every server the lab starts; several sender scenarios share one receiver. */
export const LAB_SERVER_NAMES = [
  'healthy',
  'legacy-tls',
  'broken-handshake',
  'no-starttls',
  'expired-certificate',
  'self-signed-certificate',
  'exchange-online',
  'exchange-server',
  'exchange-online-connector',
] as const;
export type LabServerName = (typeof LAB_SERVER_NAMES)[number];

export type { LabVerdict };

/** Which certificate a lab server presents. */
export type LabCertificate = 'ca-signed' | 'expired' | 'self-signed' | 'none';

/** The old or healthy sender a sender scenario plays (always a real SMTP/TLS client from src/smtp). */
export type LabSenderKind = 'tls10' | 'plaintext' | 'tls12';

/** What a scenario must reproduce for the lab to pass (the lab is a self-test of mailtls). */
export interface LabExpectation {
  /** Finding ids that must be among the observed findings. */
  findings: string[];
  verdict: LabVerdict;
  /** listen scenarios: the session outcome the receiver must record. */
  outcome?: SessionOutcome;
  /** Texts that must be observed verbatim (a reply the sender received, the receiver's alert). */
  strings: string[];
}

/** One line of what a side sees: observed on the wire, or what Exchange writes for that observation (derived). */
export interface LabString {
  side: 'sender' | 'receiver';
  /** Where it shows: `smtp-reply`, `tls-error`, `tls-alert`, `ehlo`, `queue`, `send-connector-log`, `receive-connector-log`. */
  where: 'smtp-reply' | 'tls-error' | 'tls-alert' | 'ehlo' | 'queue' | 'send-connector-log' | 'receive-connector-log';
  text: string;
  /** false: not seen on the wire but what an Exchange server in that role logs for what was seen (the article's text). */
  observed: boolean;
}

/** The fix for a scenario: prose, the registry values to set (from src/registry), and the commands that prove it. */
export interface LabFix {
  text: string;
  /** .reg lines (key and values), empty when the fix is not in the registry. */
  registry: string[];
  /** mailtls commands to run next (on the real server, then against it). */
  next: string[];
}

/** The result of one scenario. */
export interface LabScenarioResult {
  name: ScenarioName;
  title: string;
  /** `receiver`: probe a server; `sender`: senders against a listener. */
  kind: 'receiver' | 'sender';
  server: { name: LabServerName; address: string };
  /** The mailtls command this scenario ran, as a user would type it. */
  command: string;
  expected: LabExpectation;
  observed: {
    findings: Finding[];
    verdict: LabVerdict;
    outcome?: SessionOutcome;
  };
  strings: LabString[];
  fix: LabFix | null;
  /** True when every expectation was met. */
  pass: boolean;
  /** What was expected and not observed (empty when pass). */
  missing: string[];
  /** Set when the scenario could not run at all. */
  error: string | null;
  elapsedMs: number;
}

export interface LabResult {
  scenarios: LabScenarioResult[];
  /** True when every scenario reproduced as expected. */
  pass: boolean;
  elapsedMs: number;
}

export interface LabOptions {
  /** Scenarios to run (default: all). */
  scenarios?: readonly ScenarioName[];
  lang?: Lang;
  /** Called as each scenario finishes (progress). */
  onScenario?: (r: LabScenarioResult) => void;
  signal?: AbortSignal;
}

/** A running lab server, as plain data (what `mailtls lab serve` prints). */
export interface LabServerInfo {
  name: LabServerName;
  host: string;
  port: number;
  address: string;
  /** The scenarios this server stages. */
  scenarios: ScenarioName[];
  /** `listen` (src/receiver) or `broken-handshake` (src/lab/broken.ts). */
  engine: 'listen' | 'broken-handshake';
  policy: ListenPolicyName | null;
  tls: VersionRange | null;
  starttls: boolean;
  certificate: LabCertificate;
  hostname: string;
}

export interface LabServerOptions {
  /** Address to bind (default 127.0.0.1; the lab is meant for loopback). */
  host?: string;
  /** Servers to start (default: all). */
  servers?: readonly LabServerName[];
  lang?: Lang;
  /** listen servers take a test message (default true: the healthy sender delivers). */
  accept?: boolean;
}
