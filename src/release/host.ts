/**
 * What release/ asks of the element that decides. Declared here, so release/ imports nothing from the
 * element: the core hands it an object with these members (src/element/cookie-consent.ts), and the
 * tests drive release/ with a small stand-in. Decisions arrive as `consent-change` events on it.
 */
import type * as Embeds from './embeds.js';

/** The embeds part (embeds.ts): how tagged iframes, images and media wait and load. */
export type EmbedsPart = typeof Embeds;

export interface ReleaseHost extends EventTarget {
  /** The page's nonce, when the host element carries one: released scripts need it. */
  readonly nonce?: string;
  /**
   * The host waits in `<head>`: the one-tag script's element before the page is parsed, which steps aside if the
   * page has its own, with settings of its own (a newer revision). Until then it releases nothing.
   */
  readonly waits?: boolean;
  /** Whether a category or a service counts as granted now. */
  has(id: string): boolean;
  /** The configured optional categories and services (CONTRACT §9), in order. */
  readonly ids: readonly string[];
  /**
   * Cookie name patterns (`name` or `prefix*`) to delete when a category or service is refused or revoked,
   * and promises of more where the host must fetch them first (a preset's list).
   */
  cookiesOf(id: string): ReadonlyArray<string | Promise<readonly string[]>>;
  /** Whether to reload the page after a granted category is revoked. */
  readonly reloadOnRevoke: boolean;
  /**
   * An iframe now waits behind a `<cookie-consent-placeholder>`: an empty box at its size until the view
   * defines that element, with its text and Allow button. The host has the view do so, loading it first.
   */
  placeholderShown(): void;
  /**
   * The embeds part, loaded once, on the first tagged embed (a page that tags only scripts never asks);
   * `undefined` when it cannot be loaded (the host says so once): embeds then stay blocked.
   */
  embeds(): Promise<EmbedsPart | undefined>;
}
