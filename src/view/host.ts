/**
 * What the view asks of the core (src/element/cookie-consent.ts), declared here so the view imports
 * nothing from it: the two are separate files (the view is loaded only when something must be shown) and
 * share no module, only this object. Its members have plain names, never `_x`: each bundle shortens its
 * own `_` names (rollup.config.mjs), so they would not match across files.
 */
import type { ConsentSource } from '../consent/record.js';

export interface ViewHost {
  /** The `<cookie-consent>` element: its open shadow root is where the view renders, its children configure categories. */
  readonly element: HTMLElement;
  /** The validated configuration. */
  readonly settings: {
    readonly categories: readonly string[];
    /** The configured services (CONTRACT §9), in order, each with its category. */
    readonly services: Readonly<Record<string, string>>;
    readonly policyUrl: string | null;
    readonly position: string;
    readonly mode: string;
  };
  /** Whether the banner is to be shown (while the element is in the page). */
  readonly banner: boolean;
  /** Whether the preferences dialog is to be shown. */
  readonly preferences: boolean;
  /** Whether the floating settings button is wanted (`settings-button` and a decision); shown while the banner is not. */
  readonly settingsButton: boolean;
  /** The configured optional categories and services, in order. */
  readonly ids: readonly string[];
  /** Whether a category or a service counts as granted now. */
  has(id: string): boolean;
  /** Records a decision granting `granted` (categories and services) and refusing the other configured categories. */
  decide(granted: readonly string[], source: ConsentSource): void;
  /** Grants exactly these categories, deciding nothing else (an embed's Allow button). */
  grant(ids: readonly string[], source: ConsentSource): void;
  /** Opens the preferences dialog. */
  showPreferences(): void;
  /** The banner (`'banner'`) or the dialog closed without a decision (Escape, the close button, the browser). */
  closed(which: 'banner' | 'preferences'): void;
  /** The texts now shown and their language, for receipts (proof of what the visitor read). */
  shown(texts: unknown, language: string): void;
  /**
   * A preset's cookie patterns, fetched once by the core (`presets/cookies.json`) to delete them on
   * revocation: the view waits for them before it shows a page's presets, so they are at hand when the visitor decides.
   */
  presetCookies(preset: string): Promise<readonly string[]>;
}

/** What the view module gives back: the core calls `update()` after each change of what is shown. */
export interface View {
  update(): void;
  /** Settles once the last `update()` has rendered (and the texts it needs have loaded). */
  readonly updateComplete: Promise<unknown>;
}

/** The view module's exports (src/view/index.ts). */
export interface ViewModule {
  mountView(host: ViewHost): View;
}
