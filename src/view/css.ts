/**
 * The view's style sheets, without Lit's css-tag module (666 B gzipped in the view a first visit loads):
 * `css` gives a sheet's text (the tag keeps that name: the build minifies `css` templates, rollup.config.mjs),
 * `adopt` makes each text a constructable style sheet once per page and gives a shadow root those sheets.
 * Adopted sheets are what a strict `style-src 'self'` allows: no `<style>`, no style attribute.
 */
export const css = (strings: TemplateStringsArray, ...values: string[]): string => String.raw(strings, ...values);

const sheets = new Map<string, CSSStyleSheet>();

/**
 * Gives `root` the style sheets of `texts` (replacing those it had). Without constructable sheets it leaves
 * the view unstyled but working, and throws nothing. Lit added `<style>` elements instead (which a strict
 * `style-src` blocks anyway); that costs 26 B more gzipped, for no browser that runs these bundles but
 * Firefox 93–100 (2021–22, never an ESR): the bundles need class static blocks (Chrome 94, Firefox 93,
 * Safari 16.4), every such browser but those has `adoptedStyleSheets` (Firefox 101, Safari 16.4), and
 * Firefox 93–97 have no `<dialog>` either. src/view/scroll-padding.ts does the same.
 */
export function adopt(root: ShadowRoot, texts: string[]): void {
  try {
    root.adoptedStyleSheets = texts.map((text) => {
      let sheet = sheets.get(text);
      if (!sheet) {
        sheets.set(text, (sheet = new CSSStyleSheet()));
        sheet.replaceSync(text);
      }
      return sheet;
    });
  } catch {
    // No constructable style sheets: see above.
  }
}
