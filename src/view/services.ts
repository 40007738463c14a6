/**
 * What the view shows of services (CONTRACT §9): each service's label, description and placeholder text,
 * from its `<cookie-service>` or its preset. The presets' texts are a JSON file per language beside the
 * script (`presets/<code>.json`), fetched only when the page names a preset.
 */
import { PRESETS } from '../presets/data.js';

/** A service's texts as shown; `placeholder` only for an embed preset's own placeholder text. */
export interface ServiceTexts {
  label: string;
  description: string;
  placeholder?: string;
}

type PresetTexts = Record<string, Partial<ServiceTexts>>;

// Read while the script runs (see texts/load.ts).
const here = import.meta.url;
const fetched = new Map<string, Promise<PresetTexts>>();

/** A preset's cookie patterns, for the core to delete when its service is refused or revoked. */
export function presetCookies(preset: string): readonly string[] {
  return Object.hasOwn(PRESETS, preset) ? PRESETS[preset]!.cookies : [];
}

/** The presets' texts in `lang`, English where that file is missing; `{}` when neither loads (labels fall back to ids). */
export function loadPresetTexts(lang: string): Promise<PresetTexts> {
  const load = (code: string): Promise<PresetTexts> => {
    const url = new URL(`presets/${code}.json`, here).href;
    let texts = fetched.get(url);
    if (!texts) {
      texts = fetch(url).then((response) => (response.ok ? (response.json() as Promise<PresetTexts>) : Promise.reject(new Error(`HTTP ${response.status}`))));
      fetched.set(url, texts);
    }
    return texts;
  };
  return load(lang).catch(() => (lang === 'en' ? {} : load('en').catch(() => ({}))));
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
