// Browser-safe entry of @threadline/sdk. Node-only helpers (embed-token minting) live in './node';
// the phone helpers (libphonenumber-js, about 9 KB gzip) in './phone', so a browser that only shows
// the server's numbers never downloads them.
export type * from './types.ts';
export { createClient, type ClientOptions, type ThreadlineClient } from './client.ts';
export { ThreadlineError, asThreadlineError, type ClientErrorCode } from './errors.ts';
export { createStore, type Store, type ReadableStore } from './store.ts';
export type { ConnectionState, ClientEventMap, ClientEventType, ClientEventListener } from './events.ts';
export type { ConnectionStatus, ConnectionOptions } from './connection.ts';
export type { PagedState } from './pagination.ts';
export type { ThreadsManager } from './threads/index.ts';
export { compareThreads, type ThreadList, type ThreadListState } from './threads/thread-list.ts';
export type { Timeline, TimelineEntry, TimelineState, TimelineSendOptions, SendResult } from './timeline/index.ts';
export type { MessagesManager } from './messages/index.ts';
export type { NumbersManager, CallFlowsManager } from './numbers/index.ts';
export type { ContactsManager } from './contacts/index.ts';
export type { BillingManager } from './billing/index.ts';
export type { MediaManager, UploadOptions, UploadProgress } from './media/index.ts';
export type { SetupManager } from './setup/index.ts';
export type { TokenSource } from './http.ts';
export { createSseParser, type SseMessage } from './sse.ts';
export { smsSegments, type SmsSegments } from './sms/segments.ts';
export { quoteCost, type CostInput } from './sms/cost.ts';
export * from './setup/limits.ts';
