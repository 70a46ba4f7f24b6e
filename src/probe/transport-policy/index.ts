// Public surface of DANE / MTA-STS / TLS-RPT (re-exported by src/index.ts).
export { checkMailPolicies, applyMailPolicies, type MailPolicies, type HostPolicy } from './policies.js';
export {
  lookupTlsa,
  judgeDane,
  matchRecord,
  associationData,
  isUsable as isUsableTlsa,
  tlsaName,
  type DaneResult,
  type TlsaRecord,
  type TlsaCheck,
  type TlsaLookup,
} from './dane.js';
export {
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
} from './mta-sts.js';
export { lookupTlsRpt, parseTlsRpt, type TlsRptResult } from './tls-rpt.js';
export * as DANE_MESSAGES from './messages.js';
