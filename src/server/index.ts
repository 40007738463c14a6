/**
 * `cookie-consent-element/server`: reads the consent cookie that `<cookie-consent>` writes.
 *
 * No dependencies and no Node-only APIs (requests are described by their shape), so it runs on
 * Node ≥ 20, Deno, Bun and edge runtimes. The cookie is read by the same codec and validity rules
 * as the element (`src/consent/`), so the page and the server always agree. Nothing here throws.
 */
export type { Consent, ConsentSource } from '../consent/index.js';
export type { ServerOptions } from './options.js';
export type { FetchRequestLike, IncomingMessageLike, RequestLike } from './request.js';
export type { RequestWithConsent } from './middleware.js';
export { parseConsent } from './parse.js';
export { readConsent, hasConsent } from './request.js';
export { consentMiddleware } from './middleware.js';

// The cookie guard (CONTRACT section 9): drops Set-Cookie headers the visitor's decision does not allow.
export type { GuardOptions } from './guard.js';
export { cookieGuard, guardResponse } from './guard.js';

// Receipts (proof of consent, CONTRACT section 8). The stores are separate entry points
// (`./server/receipts/sqlite`, `./server/receipts/postgres`), so this core keeps no dependencies.
export type { Receipt, ReceiptBody, ReceiptOutcome } from './receipts/receipt.js';
export type { ReceiptFilter, ReceiptStatsRow, ReceiptStore } from './receipts/store.js';
export type { ReceiptHandlerOptions, ReceiptIncomingMessage, ReceiptServerResponse } from './receipts/handler.js';
export type { DayStats, Verification } from './receipts/tools.js';
export { checkReceiptBody, outcomeOf } from './receipts/receipt.js';
export { receiptFetchHandler, receiptMiddleware, truncateAddress } from './receipts/handler.js';
export { exportReceipts, purgeReceipts, receiptStats, verifyReceipt, writeReceipts } from './receipts/tools.js';
