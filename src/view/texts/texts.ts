import type { ListPatterns } from '../fill.js';

/** Every visitor-facing string of one language. `{name}` marks a placeholder filled in at run time. */
export interface Texts {
  /** Banner heading. */
  title: string;
  /** Banner text, first sentence: what necessary cookies are for (a site's `description` replaces it). */
  intro: string;
  /** Banner text with optional categories in `opt-in` mode: `{purposes}` is their labels, as a list. */
  optIn: string;
  /** The same in `opt-out` mode, which asks for no consent and must not say so. */
  optOut: string;
  /** Banner text, last sentence in `opt-in` mode (GDPR Art. 7(3): said before consent is given). */
  withdraw: string;
  /** How `{purposes}` joins the labels (CLDR's patterns for "and"). */
  list: ListPatterns;
  /** Who decides about the data, when the site gives its `controller` name: `{name}`. */
  controller: string;
  /** Text of the policy link. */
  policy: string;
  acceptAll: string;
  rejectAll: string;
  customize: string;
  /** Preferences dialog heading. */
  preferencesTitle: string;
  /** Preferences dialog introduction. */
  preferencesDescription: string;
  save: string;
  close: string;
  /** Shown beside the `necessary` switch, which cannot be turned off. */
  alwaysOn: string;
  /** Under a category in the dialog, the cookies it lists (`<cookie-category cookies>`): `{names}`. */
  cookieNames: string;
  /** The floating button beside the settings button that refuses every optional category in one click. */
  withdrawConsent: string;
  /** Said to screen readers after that click. */
  consentWithdrawn: string;
  /** Built-in labels and descriptions. */
  categories: Record<'necessary' | 'preferences' | 'analytics' | 'marketing', { label: string; description: string }>;
  /** The stand-in for an iframe that waits for consent. */
  placeholder: {
    /** e.g. "This content from {host} needs your consent for {category}." */
    text: string;
    /** Button that grants the category, e.g. "Allow {category} and load". */
    allow: string;
  };
}

/** Texts with any string left out; what is missing falls back to English. */
export type PartialTexts = { [K in keyof Texts]?: Texts[K] extends string ? string : PartialDeep<Texts[K]> };
type PartialDeep<T> = { [K in keyof T]?: T[K] extends string ? string : PartialDeep<T[K]> };
