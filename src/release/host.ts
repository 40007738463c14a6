/**
 * What release/ asks of the element that decides. Declared here, so release/ imports nothing from the
 * element: `<cookie-consent>` fits it as it is, and the tests drive release/ with a small stand-in.
 *
 * Besides `consent-change`, release/ listens on the host for `texts-change` (internal: a plain `Event`,
 * not bubbling), which the host dispatches on itself whenever `texts`, `language` or a `labelOf()` answer
 * changes after start-up (e.g. when the visitor's language file has loaded), so that iframe placeholders
 * already shown speak the new language.
 */
export interface ReleaseHost extends EventTarget {
  /** The page's nonce, when the host element carries one: released scripts need it. */
  readonly nonce?: string;
  /** Whether a category counts as granted now. */
  has(category: string): boolean;
  /** The configured optional categories, in order. */
  readonly categoryIds: readonly string[];
  /** Cookie name patterns (`name` or `prefix*`) to delete when a category is refused or revoked. */
  cookiesOf(category: string): readonly string[];
  /** Whether to reload the page after a granted category is revoked. */
  readonly reloadOnRevoke: boolean;
  /** Grants these categories, deciding nothing else: what a placeholder's button does. */
  grant(categories: readonly string[], source: 'placeholder'): void;
  /** The placeholder's texts in the current language (`{host}` and `{category}` are filled in). */
  readonly texts: { readonly placeholder: { readonly text: string; readonly allow: string } };
  /** The BCP 47 language of `texts`. */
  readonly language: string;
  /** The visitor-facing label of a category, in the current language. */
  labelOf(category: string): string;
}
