// Public surface of the receiver capability (re-exported by src/index.ts).
export { listen, Listener, MAX_WORKERS } from './server.js';
export { POLICY_NAMES, parseVersionRange, receiverPolicy, type ListenPolicyName, type VersionRange } from './policy.js';
export { REPLY } from './replies.js';
export { DEFAULT_LIMITS } from './limits.js';
export type {
  ListenOptions,
  ReceiverLimits,
  RecordedClientHello,
  RecordedCommand,
  SenderSummary,
  SessionOutcome,
  SessionRecord,
  Verdict as ListenVerdict,
} from './types.js';
export * as RECEIVER_MESSAGES from './messages.js';
export { attribute, isRelay, type InboundConnectorSettings, type ConnectorRecord, type ClientCertificateRecord } from './connector.js';
export * as RECEIVER_CONNECTOR_MESSAGES from './connector-messages.js';
