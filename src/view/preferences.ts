/**
 * The preferences dialog, a file of its own (`cookie-consent-view-preferences.js`): most visitors decide in the
 * banner and never open it, so the view that a first visit waits for leaves it out. The view `import()`s it
 * once the banner has come in and the page is idle, or as soon as the dialog is asked for (Customize, the
 * settings button, `showPreferences()`, a trigger). Everything it exports has a plain name: each file shortens its own
 * `_` names (rollup.config.mjs).
 */
import { css } from './css.js';
import { direction, fill } from './fill.js';
import { html, nothing, type TemplateResult } from 'lit/html.js';
import { NECESSARY } from '../consent/record.js';
import type { ViewHost } from './host.js';
import type { ServiceUI } from './services.js';
import type { Texts } from './texts/texts.js';

/** What the dialog asks of the view (src/view/index.ts). */
export interface DialogContext {
  readonly host: ViewHost;
  readonly language: string;
  /** The service UI: `undefined` while it loads, `null` without services. */
  readonly ui: ServiceUI | null | undefined;
  /** The link to the policy, when the site has one. */
  policyLink(texts: Texts): TemplateResult | typeof nothing;
  /** Accept all and Reject all, as the banner shows them. */
  answers(texts: Texts): TemplateResult;
  /** What the dialog says of a category: its label, its description (when it has one) and the cookies it lists. */
  about(category: string, texts: Texts): { label: string; description?: string; cookies: readonly string[] };
}

/** The dialog's own rules; the view's sheet styles what it shares with the banner (box, heading, buttons). */
export const styles = css`
  /*
   * Title and close button stay in sight while the categories scroll, and the categories give way down to
   * their two lines. Only beyond that (a site's long title on a small screen) does the whole text scroll,
   * title included, never pushing the buttons out of the dialog (WCAG 1.4.10). Its rows are as far apart as
   * the dialog's. Both are .text (the view's sheet): a focus ring's room of padding, and a Tab stop, with
   * scroll shadows, while it scrolls (the view).
   */
  .outer {
    display: grid;
    grid-template-rows: auto 1fr;
    gap: inherit;
  }
  .close {
    flex: none;
    border-color: transparent;
    min-height: 0;
    padding: 0 calc(var(--cc-spacing) * 0.5);
    font-size: 1.5em;
    line-height: 1.2;
  }
  ul {
    margin-top: var(--cc-spacing);
    padding: 0;
    list-style: none;
  }
  li + li {
    margin-top: var(--cc-spacing);
    padding-top: var(--cc-spacing);
    border-top: 1px solid var(--cc-border-color);
  }
  .row {
    display: flex;
    align-items: center;
    gap: calc(var(--cc-spacing) * 0.5);
  }
  label {
    flex: 1 1 auto;
    font-weight: var(--cc-font-weight-bold);
    cursor: pointer;
  }
  /*
   * "Always on" takes most of the room the name leaves (its text beside the switch) and gives way first, down to
   * its longest word: the name keeps its words whole while it can ("Notwendig", not "Notwendi/g", at 320 px with
   * text spacing). Only the necessary category has it, whose switch is disabled: its name needs no wide label.
   */
  .always {
    flex: 9 1 0;
    overflow-wrap: break-word;
    text-align: end;
    font-size: 0.875em;
  }
  input {
    appearance: none;
    flex: none;
    position: relative;
    width: 2.75rem;
    height: 1.5rem;
    border: 2px solid var(--cc-switch-off);
    border-radius: 0.75rem;
    background: var(--cc-switch-off);
    cursor: pointer;
  }
  input::before {
    content: '';
    position: absolute;
    top: 2px;
    inset-inline-start: 2px;
    width: calc(1.5rem - 8px);
    height: calc(1.5rem - 8px);
    border-radius: 50%;
    background: var(--cc-switch-thumb);
    transition: transform 0.15s;
  }
  input:checked {
    border-color: var(--cc-switch-on);
    background: var(--cc-switch-on);
  }
  input:checked::before {
    transform: translateX(1.25rem);
  }
  /* Right to left (ar, fa, he): the knob starts on the right and moves left. */
  [dir='rtl'] input:checked::before {
    transform: translateX(-1.25rem);
  }
  input:disabled {
    cursor: default;
    opacity: 0.7;
  }
  .description {
    margin-top: calc(var(--cc-spacing) * 0.25);
  }
  /* Windows high-contrast and other forced colours would paint track and knob alike: name the system colours. */
  @media (forced-colors: active) {
    input,
    input::before {
      forced-color-adjust: none;
      border-color: CanvasText;
      background: Canvas;
    }
    input::before {
      background: CanvasText;
    }
    input:checked {
      border-color: Highlight;
      background: Highlight;
    }
    input:checked::before {
      background: HighlightText;
    }
    input:disabled {
      border-color: GrayText;
      background: GrayText;
    }
  }
  @media (max-height: 30rem) {
    ul {
      margin-top: calc(var(--cc-spacing) * 0.5);
    }
  }
`;

/** The dialog: a switch per category (`necessary` on and disabled), Save, Accept all and Reject all. */
export function preferences(view: DialogContext, texts: Texts): TemplateResult {
  const { host, language } = view;
  const close = () => host.closed('preferences');
  return html`
    <dialog class="preferences" part="dialog" lang=${language} dir=${direction(language)} aria-labelledby="preferences-title" aria-describedby="preferences-text" @close=${close}>
      <div class="text outer">
        <div class="head">
          <h2 id="preferences-title" part="dialog-title">${texts.preferencesTitle}</h2>
          <button type="button" class="secondary close" part="close" aria-label=${texts.close} @click=${close}>&times;</button>
        </div>
        <div class="text">
          <p id="preferences-description"><span id="preferences-text">${texts.preferencesDescription}</span>${' '}${view.policyLink(texts)}</p>
          <ul part="categories" @change=${view.ui?.follow}>
            ${[NECESSARY, ...host.settings.categories].map((category) => categoryItem(view, category, texts))}
          </ul>
        </div>
      </div>
      <div class="buttons" part="buttons">
        <button type="button" part="button save" @click=${(event: Event) => save(host, event)}>${texts.save}</button>
        ${view.answers(texts)}
      </div>
    </dialog>
  `;
}

function categoryItem(view: DialogContext, category: string, texts: Texts): TemplateResult {
  const necessary = category === NECESSARY;
  const { label, description, cookies } = view.about(category, texts);
  const describedBy = [description && `about-${category}`, necessary && 'always-on'].filter(Boolean).join(' ');
  const services = view.ui?.servicesOf(category);
  return html`
    <li part="category">
      <div class="row">
        <label for="switch-${category}" part="label">${label}</label>
        ${necessary ? html`<span id="always-on" class="always">${texts.alwaysOn}</span>` : nothing}
        <input
          type="checkbox"
          role=${services ? nothing : 'switch'}
          id="switch-${category}"
          name=${category}
          part="switch"
          aria-describedby=${describedBy || nothing}
          .checked=${view.host.has(category)}
          .indeterminate=${!!services?.mixed}
          ?disabled=${necessary}
        />
      </div>
      ${description ? html`<p id="about-${category}" class="description" part="category-description">${description}</p>` : nothing}
      ${cookies.length ? html`<p class="description" part="category-cookies">${fill(texts.cookieNames, { names: cookies.join(', ') })}</p>` : nothing}
      ${services?.list ?? nothing}
    </li>
  `;
}

/** Save: grants what is switched on (categories and services), refuses the rest. */
function save(host: ViewHost, event: Event): void {
  const switches = (event.currentTarget as Element).closest('dialog')!.querySelectorAll<HTMLInputElement>('input:not(:disabled)');
  host.decide([...switches].filter((input) => input.checked).map((input) => input.name), 'preferences');
}
