/**
 * The view's service UI (CONTRACT §9), a file of its own (`cookie-consent-view-services.js`) that the view
 * `import()`s only when a service is configured, so pages without `<cookie-service>` never load it: each
 * category's service switches and its mixed state in the dialog, and each service's label, description and
 * placeholder text, from its `<cookie-service>` or its preset. The presets' texts are a JSON file per
 * language beside the script (`presets/<code>.json`), fetched only when the page names a preset; their
 * cookie lists are the core's (`presets/cookies.json`). Everything it exports has a plain name: each file
 * shortens its own `_` names (rollup.config.mjs).
 */
import { css } from './css.js';
import { html, nothing, type TemplateResult } from 'lit/html.js';
import type { ViewHost } from './host.js';
import { fetchSafely } from '../fetch.js';

/** A service's texts as shown; `placeholder` only for an embed preset's own placeholder text. */
export interface ServiceTexts {
  label: string;
  description: string;
  placeholder?: string;
}

export type PresetTexts = Record<string, Partial<ServiceTexts>>;

/** A category's services, indented under it; a mixed category shows its knob in the middle. */
export const styles = css`
  .services {
    padding-inline-start: var(--cc-spacing);
  }
  input:indeterminate::before {
    transform: translateX(0.625rem);
  }
  [dir='rtl'] input:indeterminate::before {
    transform: translateX(-0.625rem);
  }
`;

// Read while the script runs (see texts/load.ts).
const here = import.meta.url;
const fetched = new Map<string, Promise<unknown>>();

/** A JSON file of `presets/`, fetched once per page; a failed fetch is forgotten, so the next use tries again. */
function fetchPresets<T>(file: string): Promise<T> {
  const url = new URL(`presets/${file}.json`, here).href;
  let data = fetched.get(url);
  if (!data) {
    data = fetchSafely(url).then((response) => (response.ok ? response.json() : Promise.reject(new Error(`HTTP ${response.status}`))));
    data.catch(() => fetched.delete(url));
    fetched.set(url, data);
  }
  return data as Promise<T>;
}

/** The presets' texts in `lang`, English where that file is missing; `{}` when neither loads (labels fall back to ids). */
function loadPresetTexts(lang: string): Promise<PresetTexts> {
  return fetchPresets<PresetTexts>(lang).catch(() => (lang === 'en' ? {} : fetchPresets<PresetTexts>('en').catch(() => ({}))));
}

/** A view's service UI (`load`). */
export type ServiceUI = ReturnType<typeof ui>;

/** `host`'s service UI in `lang`: with the presets' texts in that language when the page names a preset (`named`). */
export async function load(host: ViewHost, lang: string, named: unknown): Promise<ServiceUI> {
  return ui(host, named ? await loadPresetTexts(lang) : {});
}

/** The service UI of `host` with `presets`' texts: made anew for each language, as the view shows one language at a time. */
const ui = (host: ViewHost, presets: PresetTexts) => {
  /**
   * The texts of service `id` (`undefined` when it is no configured service): its `<cookie-service>`'s `label`
   * and text content win, then its preset's texts in the visitor's language (`presets`), then the id.
   */
  const serviceTexts = (id: string): ServiceTexts | undefined => {
    if (!Object.hasOwn(host.settings.services, id)) return undefined;
    const child = [...host.element.children].find((el) => el.localName === 'cookie-service' && (el.getAttribute('name') ?? el.getAttribute('preset')) === id);
    const preset = child?.getAttribute('preset') ?? '';
    const own = Object.hasOwn(presets, preset) ? presets[preset]! : {};
    return {
      label: child?.getAttribute('label') || own.label || (child?.getAttribute('name') ?? preset),
      description: (child?.textContent ?? '').replace(/\s+/g, ' ').trim() || own.description || '',
      placeholder: own.placeholder,
    };
  };
  return {
    serviceTexts,
    /**
     * `category`'s services in the dialog, a switch each, and whether the category's own checkbox is mixed
     * (some on): `undefined` when it has none. With services that checkbox is a tri-state one (a switch has
     * no mixed state): all on, all off, or mixed.
     */
    servicesOf(category: string): { list: TemplateResult; mixed: boolean } | undefined {
      const { services } = host.settings;
      const own = Object.keys(services).filter((service) => services[service] === category);
      if (!own.length) return undefined;
      const on = own.filter((service) => host.has(service)).length;
      const list = own.map((service) => {
        const { label, description } = serviceTexts(service)!;
        return html`
          <li part="service">
            <div class="row">
              <label for="switch-${service}" part="label">${label}</label>
              <input type="checkbox" role="switch" id="switch-${service}" name=${service} data-of=${category} part="switch" aria-describedby=${description ? `about-${service}` : nothing} .checked=${host.has(service)} />
            </div>
            ${description ? html`<p id="about-${service}" class="description" part="category-description">${description}</p>` : nothing}
          </li>
        `;
      });
      return { list: html`<ul class="services" part="services">${list}</ul>`, mixed: on > 0 && on < own.length };
    },
    follow,
  };
};

/** A category's switch sets its services; a service's switch makes its category on, off or mixed (the dialog's `change`). */
function follow(event: Event): void {
  const input = event.target as HTMLInputElement;
  const root = input.getRootNode() as ShadowRoot;
  const category = input.dataset['of'] ?? input.name;
  const box = root.getElementById(`switch-${category}`) as HTMLInputElement;
  const own = [...root.querySelectorAll<HTMLInputElement>(`input[data-of="${category}"]`)];
  if (!own.length) return;
  if (input === box) for (const service of own) service.checked = box.checked;
  const on = own.filter((service) => service.checked).length;
  box.checked = on === own.length;
  box.indeterminate = on > 0 && on < own.length;
}
