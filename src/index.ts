// Public library API of mailtls: everything the CLI can do, a program can do by importing from here.
export { MailtlsError, isMailtlsError, EXIT, type ErrorCode } from './errors.js';
export { resolveLang, type Lang, type Text } from './i18n/lang.js';
export type { Finding, Severity, CatalogEntry } from './findings/types.js';
export { CATALOG, finding, entry, rerender, type FindingId } from './explain/index.js';
export { EXCHANGE_ONLINE, TLS_VERSIONS, type TlsVersion, type MailTlsPolicy } from './policy/exchange-online.js';
export { sanitize } from './net/sanitize.js';
export { VERSION } from './version.js';
export {
  renderReport,
  renderReportWithSummary,
  parseReportInput,
  writeReport,
  writeHtmlReport,
  type ReportOptions,
  type ReportSummary,
  detectKind,
  type ReportKind,
  type Verdict,
} from './report/index.js';
export { probe, probeHost } from './probe/index.js';
export type { HostTarget, HostProbeOptions, ProbeDepth } from './probe/index.js';
export type {
  ProbeOptions,
  ProbeResult,
  HostResult,
  CertificateInfo,
  StarttlsState,
  Verdict as ProbeVerdict,
} from './probe/index.js';
export {
  explain,
  explainBytes,
  decodeInput,
  explainDocument,
  EXPLAIN_MAX_INPUT,
  type ExplainMatch,
  type ExplainResult,
  type ExplainOptions,
  type ExplainSuggestion,
  type ExplainDocument,
} from './explain/index.js';
export { EXPLAIN_SIGNATURES, SIG, TLS_ALERTS, type Side, type Direction as ExplainDirection } from './explain/index.js';
export {
  listen,
  Listener,
  POLICY_NAMES as LISTEN_POLICIES,
  parseVersionRange,
  DEFAULT_LIMITS as LISTEN_DEFAULT_LIMITS,
  type ListenOptions,
  type ListenPolicyName,
  type VersionRange,
  type ReceiverLimits,
  type RecordedClientHello,
  type RecordedCommand,
  type SenderSummary,
  type SessionOutcome,
  type SessionRecord,
  type ListenVerdict,
} from './listen/index.js';
export {
  send,
  SEND_POLICIES,
  type SendOptions,
  type SendPolicy,
  type SendResult,
  type SendPhase,
  type SendVerdict,
  type TranscriptLine,
} from './send/index.js';
export {
  auditRegistry,
  parseRegFile,
  parseRegQuery,
  parseRegistryInput,
  planFix,
  renderFixReg,
  writeFixReg,
  writeFixPs1,
  readLiveRegistry,
  parseOs as parseWindowsVersion,
  osFromBuild,
  OS_IDS as WINDOWS_VERSIONS,
  DEFAULTS as SCHANNEL_DEFAULTS,
  type AuditOptions as RegistryAuditOptions,
  type AuditResult as RegistryAuditResult,
  type RegistryFinding,
  type FixChange,
  type FixOptions as RegistryFixOptions,
  type FixWriterOptions,
  type OsId as WindowsVersion,
  type RegSource,
  type RegOp,
  type RegValue,
  type ProtocolReport,
  type SideReport,
  type SideState,
  type ProtocolVerdict,
  type Protocol as SchannelProtocol,
} from './registry/index.js';
export { analyzeLogs } from './logs/index.js';
export { renderCsv as renderLogsCsv, renderTable as renderLogsTable } from './logs/index.js';
export { SIGNATURES as LOG_SIGNATURES, matchSignatures, type Signature as LogSignature } from './logs/index.js';
export type {
  AnalyzeOptions as LogsOptions,
  LogInput,
  LogReport,
  PeerReport as LogPeer,
  LogFormat,
  LogTotals,
  FileReport as LogFileReport,
  MalformedSample,
  DaySeries as LogDaySeries,
} from './logs/index.js';
export {
  runLab,
  runScenario,
  startLabServers,
  SCENARIO_NAMES as LAB_SCENARIOS,
  LAB_SERVER_NAMES,
  type LabOptions,
  type LabResult,
  type LabScenarioResult,
  type LabExpectation,
  type LabString,
  type LabFix,
  type LabVerdict,
  type ScenarioName as LabScenarioName,
  type LabServerName,
  type LabServerInfo,
  type LabServerOptions,
  type LabServers,
  type LabServer,
} from './lab/index.js';
export * from './scan/index.js';
export {
  checkMailPolicies,
  applyMailPolicies,
  type MailPolicies,
  type HostPolicy,
  lookupTlsa,
  judgeDane,
  matchRecord,
  associationData,
  isUsableTlsa,
  tlsaName,
  type DaneResult,
  type TlsaRecord,
  type TlsaCheck,
  type TlsaLookup,
  lookupMtaStsTxt,
  fetchMtaStsPolicy,
  parseMtaStsPolicy,
  parseMtaStsTxt,
  mxMatches,
  MTA_STS_LIMITS,
  type MtaStsResult,
  type MtaStsPolicy,
  type MtaStsTxt,
  type MtaStsFetch,
  type MtaStsHostCheck,
  type MtaStsMode,
  lookupTlsRpt,
  parseTlsRpt,
  type TlsRptResult,
} from './probe/index.js';
