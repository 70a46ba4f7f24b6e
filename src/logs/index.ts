// The logs capability's public face: what the CLI, explain and the library use (nothing else reaches into src/logs/).
export { analyzeLogs } from './analyze.js';
export { renderCsv, renderSeries, renderTable, versionList } from './render.js';
export { doubtIds, fileErrorText, fileReasonText, otherLogText, peerCount, reportExit, sampleReasonText, TOP_PICKED } from './report.js';
export * as LOG_SIGNATURE_IDS from './signatures.js';
export { SIGNATURES, matchSignatures, type Signature } from './signatures.js';
export type {
  AnalyzeOptions,
  LogInput,
  LogReport,
  PeerReport,
  LogFormat,
  LogTotals,
  FileReport,
  OtherLog,
  MalformedSample,
  DaySeries,
} from './types.js';
export * as LOGS_MESSAGES from './messages.js';
