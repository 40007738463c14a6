/**
 * The site's other open tabs (CONTRACT section 3): a decision made in one is applied by the others
 * without a reload. Decisions go out on a BroadcastChannel named after the cookie; a message from another
 * tab, or this tab coming back into view (a copy shared with a sibling subdomain has no channel), makes the
 * element read again. No timer runs meanwhile, but for a second after a message (cookie-consent.ts `_lookFor`).
 */

/** Begins the message that says the decision was forgotten, followed by the time it was; any other message is a decision's cookie value. */
export const RESET = '-';

export interface Tabs {
  /** Tells the other tabs: a decision's cookie value, or `RESET` and the time. */
  post(message: string): void;
  stop(): void;
}

/** Listens for news from other tabs: `receive(message)` with the message, or `undefined` when this tab comes back into view. */
export function connectTabs(cookieName: string, receive: (message: string | undefined) => void): Tabs {
  let channel: BroadcastChannel | undefined;
  try {
    channel = new BroadcastChannel(`cookie-consent:${cookieName}`);
  } catch {
    // No BroadcastChannel (or none allowed here, as in some sandboxed frames): focus still brings news.
  }
  const onMessage = (event: MessageEvent): void => receive(typeof event.data === 'string' ? event.data : undefined);
  const onFocus = (): void => receive(undefined);
  channel?.addEventListener('message', onMessage);
  document.addEventListener('visibilitychange', onFocus);
  window.addEventListener('focus', onFocus);
  return {
    post: (message) => channel?.postMessage(message),
    stop: () => {
      // After the posts already queued: a decision made in the task the element leaves in still goes out.
      queueMicrotask(() => channel?.close());
      document.removeEventListener('visibilitychange', onFocus);
      window.removeEventListener('focus', onFocus);
    },
  };
}
