// The scenario table: for each failure of the article (and the healthy cases), what runs, what must be observed,
// and where the fix comes from. Plain data; run.ts executes it.
import { EXCHANGE_ONLINE, EXCHANGE_SERVER_REQUIRE_TLS } from '../policy/exchange-online.js';
import { SCENARIO_SERVER } from './servers.js';
import type { LabExpectation, LabSenderKind, LabServerName, ScenarioName } from './types.js';
import type { FindingId } from './messages.js';
import { INBOUND, OUTBOUND_QUEUE, parseConnectorDomain } from '../policy/connectors.js';
import type { OutboundConnectorOptions } from '../probe/index.js';

export interface ScenarioSpec {
  name: ScenarioName;
  server: LabServerName;
  kind: 'receiver' | 'sender';
  /** Sender scenarios: which sender connects. */
  sender: LabSenderKind | null;
  expected: LabExpectation;
  /** Finding whose catalogue `fix` is the fix text; null = the lab's own text (`lab.fix.<name>`) or nothing. */
  fixFrom: FindingId | null;
  /** The SCHANNEL side whose TLS 1.2 keys fix it (server: the receiver, client: the sender); null = not a registry fix. */
  registrySide: 'client' | 'server' | null;
  /** Commands that prove the fix on a real server. */
  next: string[];
  /** The article's strings an Exchange server in the failing peer's place writes for this failure. */
  exchangeStrings: { side: 'sender' | 'receiver'; where: 'queue' | 'send-connector-log'; text: string }[];
  /** Receiver scenarios: probe as this Exchange Online outbound connector (`--tls-settings`). */
  connector?: OutboundConnectorOptions;
}

const socketError = [
  { side: 'sender', where: 'send-connector-log', text: EXCHANGE_ONLINE.replies.socketErrorLog },
  { side: 'sender', where: 'queue', text: EXCHANGE_ONLINE.replies.socketErrorNdr },
] as const;

const PROBE_NEXT = ['mailtls registry --live', 'mailtls probe <mx-host>'];
const LISTEN_NEXT = ['mailtls registry --live', 'mailtls listen --listen 0.0.0.0:25 --accept'];

const spec = (s: Omit<ScenarioSpec, 'server' | 'exchangeStrings'> & { exchangeStrings?: ScenarioSpec['exchangeStrings'] }): ScenarioSpec => ({
  ...s,
  server: SCENARIO_SERVER[s.name],
  exchangeStrings: s.exchangeStrings ?? [],
});

export const SCENARIOS: readonly ScenarioSpec[] = [
  spec({
    name: 'healthy',
    kind: 'receiver',
    sender: null,
    expected: { findings: [], verdict: 'pass', strings: [] },
    fixFrom: null,
    registrySide: null,
    next: [],
  }),
  spec({
    name: 'legacy-tls',
    kind: 'receiver',
    sender: null,
    expected: { findings: ['tls.tls12-not-offered', 'tls.tls10-accepted', 'tls.tls11-accepted'], verdict: 'fail', strings: [] },
    fixFrom: 'tls.tls12-not-offered',
    registrySide: 'server',
    next: PROBE_NEXT,
    exchangeStrings: [...socketError],
  }),
  spec({
    name: 'broken-handshake',
    kind: 'receiver',
    sender: null,
    expected: { findings: ['tls.handshake-failed'], verdict: 'fail', strings: [] },
    fixFrom: null,
    registrySide: 'server',
    next: PROBE_NEXT,
    exchangeStrings: [...socketError],
  }),
  spec({
    name: 'no-starttls',
    kind: 'receiver',
    sender: null,
    expected: { findings: ['starttls.not-offered'], verdict: 'fail', strings: [] },
    fixFrom: 'starttls.not-offered',
    registrySide: null,
    next: ['mailtls probe <mx-host>'],
  }),
  spec({
    name: 'expired-certificate',
    kind: 'receiver',
    sender: null,
    expected: { findings: ['cert.expired'], verdict: 'pass', strings: [] },
    fixFrom: 'cert.expired',
    registrySide: null,
    next: ['mailtls probe <mx-host>'],
  }),
  spec({
    name: 'self-signed-certificate',
    kind: 'receiver',
    sender: null,
    expected: { findings: ['cert.self-signed'], verdict: 'pass', strings: [] },
    fixFrom: null,
    registrySide: null,
    next: ['mailtls probe <mx-host>'],
  }),
  spec({
    name: 'eo-sender-tls10',
    kind: 'sender',
    sender: 'tls10',
    expected: { findings: ['listen.tls-version-refused'], verdict: 'fail', outcome: 'tls-refused', strings: ['TLS alert protocol_version (70)'] },
    fixFrom: 'listen.tls-version-refused',
    registrySide: 'client',
    next: LISTEN_NEXT,
    exchangeStrings: [...socketError],
  }),
  spec({
    name: 'eo-sender-no-starttls',
    kind: 'sender',
    sender: 'plaintext',
    expected: { findings: ['listen.no-starttls'], verdict: 'fail', outcome: 'starttls-required', strings: [EXCHANGE_ONLINE.replies.starttlsRequired] },
    fixFrom: 'listen.no-starttls',
    registrySide: null,
    next: ['mailtls listen --listen 0.0.0.0:25 --accept'],
  }),
  spec({
    name: 'eo-sender-healthy',
    kind: 'sender',
    sender: 'tls12',
    expected: { findings: ['listen.tls-ok'], verdict: 'pass', outcome: 'delivered', strings: [] },
    fixFrom: null,
    registrySide: null,
    next: [],
  }),
  spec({
    name: 'onprem-sender-no-starttls',
    kind: 'sender',
    sender: 'plaintext',
    expected: { findings: ['listen.no-starttls'], verdict: 'fail', outcome: 'starttls-required', strings: [EXCHANGE_SERVER_REQUIRE_TLS.mustIssueStarttls] },
    fixFrom: 'listen.no-starttls',
    registrySide: null,
    next: ['mailtls listen --policy exchange-server --listen 0.0.0.0:25 --accept'],
  }),
  spec({
    // Exchange Online's outbound connector to on-premises expects mail.contoso.test; the server's certificate names
    // the lab hosts only (as after a certificate renewal with other names, or a connector set to the wrong name).
    name: 'outbound-connector-name-mismatch',
    kind: 'receiver',
    sender: null,
    connector: { tlsSettings: 'DomainValidation', tlsDomain: parseConnectorDomain('mail.contoso.test') },
    expected: { findings: ['connector.outbound-name-mismatch'], verdict: 'fail', strings: [] },
    fixFrom: 'connector.outbound-name-mismatch',
    registrySide: null,
    next: ["mailtls probe <on-premises host>:25 --tls-settings DomainValidation --tls-domain <the connector's -TlsDomain>"],
    exchangeStrings: [{ side: 'sender', where: 'queue', text: OUTBOUND_QUEUE.certificateFailed('SubjectMismatch') }],
  }),
  spec({
    // The on-premises send connector has no TlsCertificateName: it starts TLS but presents no client certificate,
    // so the certificate-based inbound connector does not attribute it and its relay to the internet is refused.
    name: 'onprem-sender-no-client-certificate',
    kind: 'sender',
    sender: 'tls12',
    expected: {
      findings: ['connector.not-attributed.no-certificate', 'connector.relay-denied'],
      verdict: 'fail',
      outcome: 'tls-ok',
      strings: [INBOUND.relayDenied],
    },
    fixFrom: 'connector.not-attributed.no-certificate',
    registrySide: null,
    next: [
      'mailtls send <tenant>.mail.protection.outlook.com --tls-certificate <cert.pem> --tls-key <key.pem> --from <you> --to <external>',
      'mailtls listen --tls-sender-certificate-name <name> --accept',
    ],
  }),
];

export function scenarioSpec(name: ScenarioName): ScenarioSpec {
  const s = SCENARIOS.find((x) => x.name === name);
  if (!s) throw new Error(`unknown lab scenario ${name}`);
  return s;
}
