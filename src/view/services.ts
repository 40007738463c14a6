/**
 * What the view shows of services (CONTRACT §9): each service's label, description and placeholder text,
 * from its `<cookie-service>` or its preset. The presets' texts are a JSON file per language beside the
 * script (`presets/<code>.json`), fetched only when the page names a preset; their cookie lists are the
 * core's (`presets/cookies.json`), fetched beside them. A page without presets carries none of their data.
 */

/** A service's texts as shown; `placeholder` only for an embed preset's own placeholder text. */
export interface ServiceTexts {
  label: string;
  description: string;
  placeholder?: string;
}

type PresetTexts = Record<string, Partial<ServiceTexts>>;

// Read while the script runs (see texts/load.ts).
const here = import.meta.url;
const fetched = new Map<string, Promise<unknown>>();

/** A JSON file of `presets/`, fetched once per page; a failed fetch is forgotten, so the next use tries again. */
function fetchPresets<T>(file: string): Promise<T> {
  const url = new URL(`presets/${file}.json`, here).href;
  let data = fetched.get(url);
  if (!data) {
    data = fetch(url).then((response) => (response.ok ? response.json() : Promise.reject(new Error(`HTTP ${response.status}`))));
    data.catch(() => fetched.delete(url));
    fetched.set(url, data);
  }
  return data as Promise<T>;
}

/** The presets' texts in `lang`, English where that file is missing; `{}` when neither loads (labels fall back to ids). */
export function loadPresetTexts(lang: string, cookies: Promise<unknown>): Promise<PresetTexts> {
  const texts = fetchPresets<PresetTexts>(lang).catch(() => (lang === 'en' ? {} : fetchPresets<PresetTexts>('en').catch(() => ({}))));
  // With the presets' cookie lists (the core's `presetCookies`), fetched beside them: at hand by the time the visitor can decide.
  return Promise.all([texts, cookies]).then(([named]) => named);
}

/**
 * The texts of service `id`, configured by `child` (`<cookie-service>`): its `label` and text content win,
 * then its preset's texts in the visitor's language, then the id.
 */
export function serviceTexts(child: Element | undefined, presets: PresetTexts): ServiceTexts {
  const preset = child?.getAttribute('preset') ?? '';
  const own = Object.hasOwn(presets, preset) ? presets[preset]! : {};
  return {
    label: child?.getAttribute('label') || own.label || (child?.getAttribute('name') ?? preset),
    description: (child?.textContent ?? '').replace(/\s+/g, ' ').trim() || own.description || '',
    placeholder: own.placeholder,
  };
}
