// Public surface of the send capability (re-exported by src/index.ts).
export { send, exchangeOnlineTlsOptions, testMessage } from './send.js';
export { SEND_POLICIES, type SendOptions, type SendPolicy, type SendResult, type SendPhase, type SendVerdict, type TranscriptLine } from './types.js';
export * as SEND_MESSAGES from './messages.js';
