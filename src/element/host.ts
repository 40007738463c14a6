/**
 * What the pieces that act on a decision (release/, signals/) may ask of the element.
 * The element implements it; they depend on this, not on the component class.
 *
 * Besides `consent-ready` and `consent-change`, they listen on the element for `texts-change`
 * (a plain `Event`, not bubbling), which the element dispatches on itself whenever `texts`,
 * `language` or a `labelOf()` answer changes after start-up (e.g. when the visitor's language
 * file has loaded), so that iframe placeholders already shown speak the new language.
 */
import type { Consent } from '../consent/index.js';
import type { Texts } from './texts/texts.js';

export interface ConsentHost extends HTMLElement {
  /** The valid decision, or `null`. */
  readonly consent: Consent | null;
  /** Whether a category counts as granted now (a decision, or `mode="opt-out"` before one). */
  has(category: string): boolean;
  /** The configured optional categories, in order. */
  readonly categoryIds: readonly string[];
  /** The visitor-facing label of a category, in the current language. */
  labelOf(category: string): string;
  /** Cookie name patterns (`name` or `prefix*`) to delete when a category is refused or revoked. */
  cookiesOf(category: string): readonly string[];
  /** Whether to reload the page after a granted category is revoked. */
  readonly reloadOnRevoke: boolean;
  /** The texts of the current language. */
  readonly texts: Texts;
  /** The BCP 47 language the texts are in. */
  readonly language: string;
  /** Grants these categories, deciding nothing else; recorded (with `source`) and announced like any decision. */
  grant(categories: readonly string[], source: 'placeholder'): void;
}
