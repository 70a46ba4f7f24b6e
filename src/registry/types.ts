// Plain data types of the registry capability: parsed operations, the settings snapshot, the audit result.
import type { Finding } from '../findings/types.js';

/** Registry value types by their Windows type codes (hex(N) in .reg files). */
export const REG_TYPE = {
  REG_NONE: 0,
  REG_SZ: 1,
  REG_EXPAND_SZ: 2,
  REG_BINARY: 3,
  REG_DWORD: 4,
  REG_DWORD_BIG_ENDIAN: 5,
  REG_LINK: 6,
  REG_MULTI_SZ: 7,
  REG_RESOURCE_LIST: 8,
  REG_QWORD: 11,
} as const;

/** One registry value as written in the input. `dword` for REG_DWORD, `text`/`multi` for strings, `hex` (raw "aa,bb") otherwise. */
export interface RegValue {
  /** Value name as written ("" is the default value `@`). */
  name: string;
  /** Windows type code (4 = REG_DWORD, 1 = REG_SZ, 7 = REG_MULTI_SZ, ...). */
  type: number;
  dword?: number;
  text?: string;
  multi?: string[];
  /** Raw hex bytes "aa,bb,..." of a hex: / hex(N): value, decoded only when needed. */
  hex?: string;
  /** REG_QWORD from reg query output. */
  qword?: bigint;
  /** hex(2)/hex(7) bytes are ANSI (REGEDIT4 files), not UTF-16LE. */
  ansi?: boolean;
}

/** Where something came from: input name and 1-based line. */
export interface SourceRef {
  file: string;
  line: number;
}

/** One change a .reg file or reg query output makes, in file order. Paths have their root spelled out in full. */
export type RegOp =
  | { op: 'key'; path: string; line: number }
  | { op: 'delete-key'; path: string; line: number }
  | { op: 'set'; path: string; value: RegValue; line: number }
  | { op: 'delete-value'; path: string; name: string; line: number };

/** Lines Windows would not apply as the author meant, found while parsing. */
export type ParseIssueKind =
  | 'missing-header' // no "Windows Registry Editor Version 5.00" / "REGEDIT4" first line
  | 'bad-header' // "REGEDIT 4", "REGEDIT9"...: accepted but nothing imported
  | 'key-and-value-one-line'
  | 'dword-too-long' // more than 8 hex digits
  | 'invalid-data' // value data regedit cannot parse (dword:0x1, "x"=1, bad hex)
  | 'value-outside-key' // a value before any [key]
  | 'unknown-root' // [HKEY_FOO\...] or a bare path
  | 'invalid-line' // anything else regedit skips
  // Scripts and listings (parse-script.ts, parse-listing.ts):
  | 'not-evaluated' // a script line mailtls does not run (variables, loops, functions, other commands)
  | 'commented-out' // a registry command in a comment: it does not run
  | 'remove-item-value' // Remove-Item aimed at a value: it removes keys, the value stays
  | 'command-fails' // a registry command that fails as written (its change is not made)
  | 'conditional' // applied, but only runs under a condition the script names (Inno Setup Check:, ...)
  | 'listing-no-key' // listing values without a key path (no PSPath / Hive line)
  | 'listing-truncated'; // a value cut by the console width ("...")

export interface ParseIssue {
  kind: ParseIssueKind;
  line: number;
  /** The offending text, cut to 200 characters (not yet sanitised). */
  text: string;
  /** Key the line belongs to, when known. */
  path?: string;
  /** Value name, when known. */
  name?: string;
  /** Why a script command fails or what a commented-out line would have done. */
  detail?: string;
}

/** reg5/reg4 .reg files, reg query output, PowerShell and cmd scripts, Inno Setup scripts, PowerShell listings. */
export type InputFormat = 'reg5' | 'reg4' | 'reg-query' | 'ps1' | 'cmd' | 'inno' | 'ps-listing';

/** Formats that are scripts: the audit describes the state they leave on a default system. */
export const SCRIPT_FORMATS: readonly InputFormat[] = ['ps1', 'cmd', 'inno'];

/** A parsed input: its operations in order and what Windows would not apply. */
export interface RegSource {
  file: string;
  format: InputFormat;
  /** How the bytes were decoded: utf-16le-bom, utf-16be-bom, utf-16le, utf-8-bom, utf-8, windows-1252. */
  encoding: string;
  ops: RegOp[];
  issues: ParseIssue[];
  /** Number of issues dropped after the cap. */
  issuesDropped: number;
  /** Scripts: lines that do not touch the registry (comments, echo, Write-Host, blank lines are not counted). */
  linesWithoutRegistry?: number;
}

/** Windows versions with their own Schannel defaults (`--os`). */
export const OS_IDS = ['2008r2', '2012', '2012r2', '2016', '2019', '2022', '2025'] as const;
export type OsId = (typeof OS_IDS)[number];

/** SCHANNEL protocol key names mailtls judges, oldest first. */
export const PROTOCOLS = ['SSL 2.0', 'SSL 3.0', 'TLS 1.0', 'TLS 1.1', 'TLS 1.2', 'TLS 1.3'] as const;
export type Protocol = (typeof PROTOCOLS)[number];
export type Side = 'client' | 'server';
export const SIDES: readonly Side[] = ['client', 'server'];

/** A DWORD setting as found: `value` null when not set (the OS default applies). */
export interface DwordSetting {
  value: number | null;
  source: SourceRef | null;
}

export interface SideSettings {
  enabled: DwordSetting;
  disabledByDefault: DwordSetting;
}

export const DOTNET_VERSIONS = ['v4.0.30319', 'v2.0.50727'] as const;
export type DotnetVersion = (typeof DOTNET_VERSIONS)[number];
export const VIEWS = ['64-bit', '32-bit'] as const;
/** Registry view: 64-bit (SOFTWARE\Microsoft) or 32-bit (SOFTWARE\Wow6432Node\Microsoft). */
export type View = (typeof VIEWS)[number];
export const DOTNET_VALUES = ['SystemDefaultTlsVersions', 'SchUseStrongCrypto'] as const;
export type DotnetValue = (typeof DOTNET_VALUES)[number];

/** A cipher-suite order list (`00010002\Functions`). */
export interface SuiteOrder {
  suites: string[];
  /** 'policy' = Group Policy value (REG_SZ, comma list, wins); 'local' = REG_MULTI_SZ. */
  where: 'policy' | 'local';
  /** True when the value was REG_SZ (comma-separated) rather than REG_MULTI_SZ. */
  commaList: boolean;
  source: SourceRef;
}

/** Everything the rules look at, read out of the merged registry. */
export interface RegistrySnapshot {
  protocols: Record<Protocol, Record<Side, SideSettings>>;
  dotnet: Record<DotnetVersion, Record<View, Record<DotnetValue, DwordSetting>>>;
  winhttp: Record<View, DwordSetting>;
  /** Ciphers / Hashes / KeyExchangeAlgorithms subkeys present, by their exact Schannel names. */
  ciphers: Record<string, DwordSetting>;
  hashes: Record<string, DwordSetting>;
  keyExchange: Record<string, DwordSetting>;
  dhServerMinKeyBitLength: DwordSetting;
  suiteOrder: { local: SuiteOrder | null; policy: SuiteOrder | null };
  /** CurrentBuild from HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion, when the input has it. */
  currentBuild: number | null;
}

/** State of one side of a protocol on one Windows version. */
export type SideState = 'on' | 'off' | 'explicit-only' | 'not-supported';
/** HealthChecker-style verdict of a protocol (both sides together). */
export type ProtocolVerdict = 'enabled' | 'disabled' | 'half-disabled' | 'misconfigured' | 'not-supported';

export interface SideReport {
  /** Raw DWORDs as found (null = not set). */
  enabled: number | null;
  disabledByDefault: number | null;
  source: string | null;
  /** Effective state on `os`, or, without --os, the common state or "depends-on-os". */
  state: SideState | 'depends-on-os';
  /** Without --os: the state on every Windows version. */
  stateByOs?: Record<OsId, SideState>;
}

export interface ProtocolReport {
  client: SideReport;
  server: SideReport;
  effective: ProtocolVerdict | 'depends-on-os';
  effectiveByOs?: Record<OsId, ProtocolVerdict>;
}

/** A registry finding with what `group` it belongs to in human output and where in the input it comes from. */
export interface RegistryFinding extends Finding {
  group: 'breaks-mail-flow' | 'risky' | 'no-effect' | 'note';
  /** Windows versions the finding applies to, when not all of those judged. */
  os?: OsId[];
  source?: SourceRef;
}

/** The registry change the fix makes (HKLM paths without the root). */
export interface FixChange {
  path: string;
  name: string;
  kind: 'dword' | 'sz' | 'multi-sz';
  dword?: number;
  text?: string;
  multi?: string[];
  /** The finding ids this change resolves. */
  because: string[];
}

/** Which control set of the input was audited (when the input names ControlSet00N keys). */
export interface ControlSetReport {
  /** "SYSTEM\\ControlSet001", "OFFLINE\\ControlSet001"... as written in the input. */
  audited: string;
  /** How it was chosen: Select\\Current in the input, the only one, or the lowest number. */
  chosenBy: 'select-current' | 'only-one' | 'lowest';
  /** Other control sets in the input, not audited, with their number of values. */
  notAudited: { set: string; values: number }[];
}

export interface AuditResult {
  os: OsId | null;
  /** Set when the input's SCHANNEL keys are under ControlSet00N (or a hive loaded under another name). */
  controlSet?: ControlSetReport;
  /** Where `os` came from when not given: the CurrentBuild value. */
  osDetected: boolean;
  sources: { file: string; format: InputFormat; encoding: string }[];
  protocols: Record<Protocol, ProtocolReport>;
  dotnet: Record<DotnetVersion, Record<View, Record<DotnetValue, number | null>>>;
  winhttp: Record<View, number | null>;
  ciphers: Record<string, number | null>;
  suiteOrder: { where: 'policy' | 'local'; suites: string[] } | null;
  findings: RegistryFinding[];
  /** The minimal change that makes the effective state right (empty when nothing to fix). */
  fix: FixChange[];
}
