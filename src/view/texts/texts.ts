/** Every visitor-facing string of one language. `{name}` marks a placeholder filled in at run time. */
export interface Texts {
  /** Banner heading. */
  title: string;
  /** Banner text. */
  description: string;
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
