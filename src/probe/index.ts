// The probe capability's public face: what the CLI, scan, lab and the library use (nothing else reaches into src/probe/).
export { probe, probeHost, plan, HOST_CONCURRENCY } from './probe.js';
export { DEFAULT_HOST_DEADLINE_MS, timeoutsFrom, type HostTarget, type HostProbeOptions, type ProbeDepth } from './host.js';
export { overallVerdict, hostVerdict } from './verdict.js';
export { trustStoreFrom, type TrustStore } from './chain.js';
export type { ProbeOptions, ProbeResult, HostResult, CertificateInfo, StarttlsState, Verdict } from './types.js';
export * from './transport-policy/index.js';
export * as PROBE_MESSAGES from './messages.js';
export * as PROBE_CONNECTOR_MESSAGES from './connector-messages.js';
export { applyOutboundConnector, judgeOutboundConnector, type ConnectorCheck, type OutboundConnectorOptions } from './connector.js';
