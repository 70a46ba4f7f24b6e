// Schannel's protocol defaults per Windows Server version (missing keys) and the effective state they give.
// Source: Microsoft Learn, "Protocols in TLS/SSL (Schannel SSP)" (MicrosoftDocs/win32, revision of 2025-03-20).
import { OS_IDS, PROTOCOLS, type OsId, type Protocol, type ProtocolVerdict, type Side, type SideSettings, type SideState } from './types.js';

/**
 * What a version does when no value is set: 'on' (Enabled, not DisabledByDefault), 'off' (disabled),
 * 'absent' (the protocol is not in this Windows; values are ignored), 'unsafe' (not supported, but values can
 * switch on an implementation Microsoft calls "not a safe system configuration": TLS 1.3 before Server 2022).
 */
export type DefaultState = 'on' | 'off' | 'absent' | 'unsafe';

type Row = Record<Protocol, Record<Side, DefaultState>>;
const both = (d: DefaultState): Record<Side, DefaultState> => ({ client: d, server: d });

const LEGACY_OS: Row = {
  'SSL 2.0': both('off'),
  'SSL 3.0': both('on'),
  'TLS 1.0': both('on'),
  'TLS 1.1': both('on'),
  'TLS 1.2': both('on'),
  'TLS 1.3': both('unsafe'),
};
const MODERN_OS: Row = {
  'SSL 2.0': both('absent'),
  'SSL 3.0': both('off'),
  'TLS 1.0': both('on'),
  'TLS 1.1': both('on'),
  'TLS 1.2': both('on'),
  'TLS 1.3': both('unsafe'),
};

/** Defaults per Windows Server version. SSL 2.0 was removed in 2016; SSL 3.0 is off by default from 2016. */
export const DEFAULTS: Record<OsId, Row> = {
  '2008r2': { ...LEGACY_OS, 'SSL 2.0': { client: 'off', server: 'on' }, 'TLS 1.1': both('off'), 'TLS 1.2': both('off') },
  '2012': LEGACY_OS,
  '2012r2': LEGACY_OS,
  '2016': MODERN_OS,
  '2019': MODERN_OS,
  '2022': { ...MODERN_OS, 'TLS 1.3': both('on') },
  '2025': { ...MODERN_OS, 'TLS 1.3': both('on') },
};

/** Display names of the versions. */
export const OS_NAMES: Record<OsId, string> = {
  '2008r2': 'Windows Server 2008 R2',
  '2012': 'Windows Server 2012',
  '2012r2': 'Windows Server 2012 R2',
  '2016': 'Windows Server 2016',
  '2019': 'Windows Server 2019',
  '2022': 'Windows Server 2022',
  '2025': 'Windows Server 2025',
};

/** The version from a CurrentBuild number (7601 = 2008 R2 ... 26100 = 2025); null when unknown. */
export function osFromBuild(build: number): OsId | null {
  const table: [number, OsId][] = [
    [7600, '2008r2'],
    [9200, '2012'],
    [9600, '2012r2'],
    [14393, '2016'],
    [17763, '2019'],
    [20348, '2022'],
    [26100, '2025'],
  ];
  if (build < 7600 || build > 99999) return null;
  let best: OsId | null = null;
  for (const [b, os] of table) if (build >= b) best = os;
  return best;
}

/** Parses an `--os` value ("2019", "2012r2", "2012 R2", "Windows Server 2016"). */
export function parseOs(s: string): OsId | null {
  const t = s.toLowerCase().replace(/windows|server|\s|-|_/g, '');
  return (OS_IDS as readonly string[]).includes(t) ? (t as OsId) : null;
}

/** Effective state of one side of a protocol on a Windows version. Any non-zero Enabled is on. */
export function sideState(os: OsId, p: Protocol, side: Side, s: SideSettings): SideState {
  const d = DEFAULTS[os][p][side];
  if (d === 'absent') return 'not-supported';
  const en = s.enabled.value,
    dbd = s.disabledByDefault.value;
  if (d === 'unsafe' && en === null) return 'not-supported';
  const enabled = en !== null ? en !== 0 : d === 'on';
  const disabledByDefault = dbd !== null ? dbd !== 0 : d === 'off';
  if (!enabled) return 'off';
  return disabledByDefault ? 'explicit-only' : 'on';
}

/**
 * HealthChecker-style verdict of a protocol from both sides: Misconfigured when Client and Server differ,
 * Half Disabled when Enabled and DisabledByDefault contradict each other (on but disabled by default, or off with
 * DisabledByDefault explicitly 0).
 */
export function protocolVerdict(client: SideState, server: SideState, s: Record<Side, SideSettings>): ProtocolVerdict {
  if (client === 'not-supported' && server === 'not-supported') return 'not-supported';
  const c = client === 'not-supported' ? 'off' : client;
  const v = server === 'not-supported' ? 'off' : server;
  if (c !== v) return 'misconfigured';
  if (c === 'explicit-only') return 'half-disabled';
  if (c === 'off') {
    const contradicts = (x: SideSettings): boolean => x.enabled.value === 0 && x.disabledByDefault.value === 0;
    return contradicts(s.client) || contradicts(s.server) ? 'half-disabled' : 'disabled';
  }
  return 'enabled';
}

export { PROTOCOLS };
