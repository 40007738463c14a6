/**
 * WCAG 2.4.11 (focus not obscured): while the non-modal banner covers an edge of the screen, the page
 * gets as much scroll padding on that side, so an element the visitor tabs to (or a link's target)
 * scrolls into view above the banner, not under it. At the bottom, as much room after the page's end
 * too, so that its last links (the footer's "Cookie settings") can scroll clear of the banner: nothing
 * on the page moves, the page only scrolls further. A top bar gets no room before the page: that would
 * move the page down as the banner comes. So what the page cannot scroll clear of a bar (at the top: a skip
 * link at its very top, a sticky header; at the bottom: the page's own fixed navigation) is reported to
 * `obscured` when it gets focus, and the view moves the bar to the other edge.
 * A constructable stylesheet, so a strict CSP allows it and no style attribute is written.
 */
export class ScrollPadding {
  private _sheet?: CSSStyleSheet;
  private _resizing?: ResizeObserver;
  private _region?: HTMLElement | null;
  /** The bar's edge; `undefined` for a card or the centred banner, which cover no edge. */
  private _edge?: 'top' | 'bottom';

  constructor(private _obscured: () => void) {}

  /** Pads for `region` (the banner's `<section>`: a bar at `edge`, or a card), or for nothing. */
  follow(region: HTMLElement | null, edge?: 'top' | 'bottom'): void {
    this._edge = edge;
    // While a bar shows (adding the same listener again does nothing).
    if (edge && region) document.addEventListener('focusin', this._focus);
    else document.removeEventListener('focusin', this._focus);
    try {
      if (region === this._region) return void (region && this._pad());
      this._region = region;
      this._resizing?.disconnect();
      if (!region) {
        // Gone (a decision, or the element left the page): its sheet goes too, so that a page that adds and removes
        // elements keeps none of them. The next banner gets a new one.
        if (this._sheet) document.adoptedStyleSheets = document.adoptedStyleSheets.filter((sheet) => sheet !== this._sheet);
        return void (this._sheet = undefined);
      }
      if (!this._sheet) document.adoptedStyleSheets = [...document.adoptedStyleSheets, (this._sheet = new CSSStyleSheet())];
      // The observer measures a new banner once it is laid out: measuring it here, right after the
      // render, would force the page's layout in the middle of the script.
      (this._resizing ??= new ResizeObserver(this._pad)).observe(region);
    } catch {
      // No constructable stylesheets or ResizeObserver: the page scrolls as before.
    }
  }

  /**
   * Something got focus while a bar is up: once the browser has scrolled it into view (by the next frame), is it
   * still under the bar? What has focus in the banner is in the bar's own shadow root: never under it.
   */
  private _focus = (event: FocusEvent): void => {
    const [focused] = event.composedPath() as Element[];
    requestAnimationFrame(() => {
      const region = this._region;
      const bar = region?.getBoundingClientRect();
      const box = focused.getBoundingClientRect();
      // A pixel's leeway: the page scrolls by whole pixels, the bar's height may have a fraction.
      if (this._edge && bar && !region!.getRootNode().contains(focused) && box.top + 1 < bar.bottom && box.bottom - 1 > bar.top) this._obscured();
    });
  };

  private _pad = (): void => {
    const region = this._region;
    // As much of that edge of the screen as the banner covers (a card floats a little above the bottom).
    const bottom = region && document.documentElement.clientHeight - region.offsetTop;
    this._sheet?.replaceSync(
      !region ? '' : this._edge === 'top' ? `html{scroll-padding-top:${region.offsetTop + region.offsetHeight}px}` : `html{scroll-padding-bottom:${bottom}px}html::after{content:"";display:block;height:${bottom}px}`,
    );
  };
}
