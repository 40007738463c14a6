import { css } from './css.js';

/** The dark palette, used by `theme="dark"` and by `theme="auto"` when the system prefers dark. */
const dark = css`
  --cc-background: #1c2128;
  --cc-color: #e6edf3;
  --cc-border-color: #545d68;
  --cc-link-color: #8ecbff;
  --cc-button-background: #8ecbff;
  --cc-button-color: #0d1117;
  --cc-secondary-background: transparent;
  --cc-secondary-color: #8ecbff;
  --cc-switch-on: #8ecbff;
  --cc-switch-off: #8b949e;
  --cc-switch-thumb: #0d1117;
  --cc-focus-color: #f0f6fc;
  --cc-backdrop: rgb(1 4 9 / 0.7);
  --cc-shadow: 0 0.5rem 2rem rgb(0 0 0 / 0.5);
  color-scheme: dark;
`;

export default css`
  /* Defaults live on :host, so a page's own cookie-consent { --cc-… } rule always wins. */
  :host {
    --cc-font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
    --cc-font-size: 0.9375rem;
    --cc-line-height: 1.45;
    --cc-title-font-size: 1.0625rem;
    --cc-font-weight-bold: 600;
    --cc-spacing: 1rem;
    --cc-radius: 0.75rem;
    --cc-button-radius: 0.5rem;
    --cc-card-width: 24rem;
    --cc-dialog-width: 36rem;
    --cc-z-index: 2147483000;
    --cc-focus-width: 3px;
    --cc-background: #ffffff;
    --cc-color: #1f2328;
    --cc-border-color: #8c959f;
    --cc-link-color: #0550ae;
    --cc-button-background: #0550ae;
    --cc-button-color: #ffffff;
    --cc-secondary-background: transparent;
    --cc-secondary-color: #0550ae;
    --cc-switch-on: #0550ae;
    --cc-switch-off: #6e7781;
    --cc-switch-thumb: #ffffff;
    --cc-focus-color: #1f2328;
    --cc-backdrop: rgb(31 35 40 / 0.5);
    --cc-shadow: 0 0.5rem 2rem rgb(31 35 40 / 0.2);
    color-scheme: light;
    /* Only fixed boxes inside: the element itself takes no room, so the page never moves. */
    display: contents;
  }
  :host([hidden]) {
    display: none;
  }
  :host([theme='dark']) {
    ${dark}
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${dark}
    }
  }

  /* Every box inside sizes by its border and has no margin unless a rule below gives one. */
  * {
    box-sizing: border-box;
    margin: 0;
  }
  .banner,
  .preferences {
    display: flex;
    flex-direction: column;
    gap: calc(var(--cc-spacing) * 0.75);
    max-height: calc(100vh - 2 * var(--cc-spacing));
    padding: var(--cc-spacing);
    border: 1px solid var(--cc-border-color);
    border-radius: var(--cc-radius);
    background: var(--cc-background);
    color: var(--cc-color);
    box-shadow: var(--cc-shadow);
    font-family: var(--cc-font-family);
    font-size: var(--cc-font-size);
    line-height: var(--cc-line-height);
    text-align: start;
    /* A site's long word (a URL, a compound) wraps rather than scroll the text sideways (WCAG 1.4.10). */
    overflow-wrap: anywhere;
    animation: cc-enter 0.2s ease-out;
  }
  .banner {
    position: fixed;
    z-index: var(--cc-z-index);
  }
  dialog:not([open]) {
    display: none;
  }
  .bottom,
  .top {
    inset: auto 0 0;
    border-width: 1px 0 0;
    border-radius: 0;
    /*
     * A third of the screen (of a 360×640 phone), the text scrolling inside; on short screens (400 % zoom
     * is 320×256) as much as title, two lines of text and the buttons need (13rem), up to all of it.
     */
    max-height: max(100vh / 3, min(100vh, 13rem));
    /* The visible height on phones, where 100vh counts the space under the browser's toolbars. */
    max-height: max(100dvh / 3, min(100dvh, 13rem));
    padding-bottom: max(var(--cc-spacing), env(safe-area-inset-bottom));
  }
  .top {
    inset: 0 0 auto;
    border-width: 0 0 1px;
    padding-bottom: var(--cc-spacing);
  }
  /* Cards sit where the site put them, in every language: left and right are the page's, not the text's. */
  .bottom-left,
  .bottom-right {
    bottom: var(--cc-spacing);
    left: var(--cc-spacing);
    width: min(var(--cc-card-width), calc(100vw - 2 * var(--cc-spacing)));
  }
  .bottom-right {
    left: auto;
    right: var(--cc-spacing);
  }
  .center,
  .preferences {
    inset: 0;
    margin: auto;
    width: min(var(--cc-dialog-width), calc(100vw - 2 * var(--cc-spacing)));
    max-width: none;
  }
  ::backdrop {
    background: var(--cc-backdrop);
  }
  /*
   * The banner's text and buttons: a box only where a bar sets them in a row (below: a container query styles
   * what a box holds, not the box), elsewhere laid out by the banner itself.
   */
  .content {
    display: contents;
  }
  @media (min-width: 48rem) {
    .bottom,
    .top {
      padding-inline: calc(var(--cc-spacing) * 1.5);
      /* As wide as the screen, whatever it holds: what the row below asks. */
      container-type: inline-size;
    }
    /*
     * Wide screens: the text beside the buttons. Only where the bar is that wide in the page's own rem too (a
     * site's root font size, which the media query does not see; at 100 % the query decides, with a scrollbar
     * or without). The text takes what the buttons leave, but 19rem at least (a little less than the narrowest
     * that fitted before: Maltese at 768×432), long buttons wrapping to leave it that. As tall as the row, and
     * the row no taller than the bar, a long text scrolls as in a column.
     */
    @container (min-width: 43.5rem) {
      .content {
        display: flex;
        align-items: center;
        gap: inherit;
        min-height: 0;
      }
      .content .text {
        flex-basis: 0;
        min-width: 19rem;
        align-self: stretch;
      }
      .content .buttons {
        flex-shrink: 1;
      }
    }
  }
  @media (max-width: 359.98px) {
    /* The smallest phones: the three buttons still share one row, so the text keeps some room. */
    .bottom,
    .top {
      padding-inline: calc(var(--cc-spacing) * 0.75);
    }
    .buttons button {
      padding-inline: calc(var(--cc-spacing) * 0.375);
      font-size: 0.875em;
    }
  }
  /* Heard, not seen. */
  .announce {
    position: fixed;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
  }
  /* The settings button: round, in the corner the banner used; for a bar or the centred banner, where a line
     of text starts (bottom left, bottom right in a right-to-left language: a class says which, as a fixed
     box's inline sides follow the page's direction, not the banner's). The withdraw button beside it, on the
     side away from the corner; the gap between them is the page's. */
  .floating {
    position: fixed;
    z-index: var(--cc-z-index);
    bottom: var(--cc-spacing);
    left: var(--cc-spacing);
    display: flex;
    align-items: center;
    gap: calc(var(--cc-spacing) * 0.5);
    max-width: calc(100vw - 2 * var(--cc-spacing));
    /* Which side the icon takes is the class's to say, not the page's direction. */
    direction: ltr;
    font-family: var(--cc-font-family);
    font-size: var(--cc-font-size);
    line-height: 1.2;
    pointer-events: none;
  }
  .at-right {
    left: auto;
    right: var(--cc-spacing);
    flex-direction: row-reverse;
  }
  .at-top {
    top: var(--cc-spacing);
    bottom: auto;
  }
  .floating button {
    flex: none;
    box-shadow: var(--cc-shadow);
    pointer-events: auto;
  }
  /* Their rings are drawn on the page, whose colour may be the ring's: a halo of the theme's background, under
     the ring and 3px past it, sets the ring off on any page. */
  .floating button:focus-visible {
    box-shadow: 0 0 0 calc(var(--cc-focus-width) + 5px) var(--cc-background), var(--cc-shadow);
  }
  .settings {
    width: 2.75rem;
    height: 2.75rem;
    padding: 0.5rem;
    border-radius: 50%;
  }
  /* A small pill, quieter than the icon: there when wanted, not a nag. */
  .floating .withdraw {
    flex-shrink: 1;
    min-height: 2rem;
    padding: 0.25rem 0.75rem;
    border-color: var(--cc-secondary-color);
    border-radius: 1rem;
    background: var(--cc-background);
    color: var(--cc-secondary-color);
    font-size: 0.875em;
    white-space: normal;
  }
  .settings svg {
    display: block;
    width: 100%;
    height: 100%;
    fill: currentColor;
  }
  @media print {
    .floating,
    .banner {
      display: none;
    }
  }
  /* A slide without a fade: the banner can be read and clicked in the first frame it is drawn in. */
  @keyframes cc-enter {
    from {
      transform: translateY(0.5rem);
    }
  }

  /*
   * A text that scrolls clips what it holds at its padding: a ring's room of padding (taken from around it, so
   * nothing moves), also where focus scrolls it to, keeps the focus rings of its switches and links whole.
   */
  .text {
    flex: 1 1 auto;
    padding: calc(var(--cc-focus-width) + 2px);
    margin: calc(-2px - var(--cc-focus-width));
    scroll-padding: calc(var(--cc-focus-width) + 2px);
  }
  /* Its scroll shadows only while it scrolls (a Tab stop, the view's doing): otherwise the colours of the title it may hold are plain to check. */
  .text:not([tabindex='0']) {
    background: none;
  }
  /*
   * The banner scrolls only its description: title and policy link stay in sight (informed consent), and the
   * description gives way down to its two lines. Then the room above the buttons (the last row; the margin
   * lends it from the banner's gap) gives way, as the description's two lines always could take it. Only
   * beyond that (a site's long title on a small screen) does the whole text scroll, never running under the
   * buttons (WCAG 1.4.10). Its padding above and beside, and that room never less than a ring's width, keep
   * the description's focus ring inside what clips it.
   */
  .banner .text {
    display: grid;
    grid-template-rows: auto 1fr minmax(calc(var(--cc-focus-width) + 2px), calc(var(--cc-spacing) * 0.75));
    padding-bottom: 0;
    margin-bottom: calc(var(--cc-spacing) * -0.75);
  }
  .banner .head {
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0 var(--cc-spacing);
  }
  /*
   * Text that scrolls shows it: shadows at the edge where more is (backgrounds that scroll with the text
   * cover them at the ends), a Tab stop while it overflows (view), and at least two lines in sight.
   */
  #description,
  .text {
    min-height: calc(2 * var(--cc-line-height) * 1em);
    overflow: auto;
    background:
      linear-gradient(var(--cc-background) 30%, transparent) top / 100% 1.5rem no-repeat local,
      linear-gradient(transparent, var(--cc-background) 70%) bottom / 100% 1.5rem no-repeat local,
      radial-gradient(farthest-side at 50% 0, rgb(0 0 0 / 0.3), transparent) top / 100% 0.625rem no-repeat,
      radial-gradient(farthest-side at 50% 100%, rgb(0 0 0 / 0.3), transparent) bottom / 100% 0.625rem no-repeat;
  }
  h2 {
    margin-bottom: calc(var(--cc-spacing) * 0.25);
    font-size: var(--cc-title-font-size);
    font-weight: var(--cc-font-weight-bold);
    line-height: 1.3;
  }
  a {
    color: var(--cc-link-color);
    text-underline-offset: 0.15em;
  }
  .buttons {
    flex: none;
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--cc-spacing) * 0.5);
  }
  /*
   * Accept all and Reject all are as wide as each other wherever they are (EDPB 03/2022: refusing looks no smaller):
   * side by side, as a pair that Customize wraps away from, never one alone and the other beside it. Each also
   * holds the other's label, unseen and of no height, so both need the longer one's width and, from a basis of 0,
   * grow alike; where even that does not fit, both labels wrap inside their halves.
   */
  .pair {
    flex: 2 1 auto;
    display: flex;
    gap: inherit;
  }
  .pair button {
    flex-basis: 0;
    min-width: 0;
    white-space: normal;
  }
  [data-twin]::after {
    content: attr(data-twin);
    display: block;
    height: 0;
    overflow: hidden;
    visibility: hidden;
  }
  button {
    flex: 1 1 auto;
    min-height: 2.5rem;
    padding: calc(var(--cc-spacing) * 0.5);
    border: 1px solid var(--cc-button-background);
    border-radius: var(--cc-button-radius);
    background: var(--cc-button-background);
    color: var(--cc-button-color);
    font: inherit;
    font-weight: var(--cc-font-weight-bold);
    white-space: nowrap;
    cursor: pointer;
  }
  button:hover {
    text-decoration: underline;
  }
  /* Customize and Close are the only buttons that look different: Accept all and Reject all never do. */
  .secondary {
    border-color: var(--cc-secondary-color);
    background: var(--cc-secondary-background);
    color: var(--cc-secondary-color);
  }
  :focus-visible {
    outline: var(--cc-focus-width) solid var(--cc-focus-color);
    outline-offset: 2px;
  }
  /* A text that scrolls reaches the edge of what holds it: its own ring goes inside, in its padding. */
  .text:focus-visible {
    outline-offset: calc(-1 * var(--cc-focus-width));
  }

  .head {
    display: flex;
    align-items: start;
    justify-content: space-between;
    gap: var(--cc-spacing);
  }
  @media (prefers-reduced-motion: reduce) {
    *,
    ::before {
      animation: none !important;
      transition: none !important;
    }
  }
  /* After the rules it adjusts, so that it wins over them. */
  @media (max-height: 30rem) {
    /* Short screens (zoomed in, phones held sideways): less padding and smaller buttons leave room for the text. */
    .banner,
    .preferences {
      max-height: calc(100dvh - var(--cc-spacing));
      padding: calc(var(--cc-spacing) * 0.5) calc(var(--cc-spacing) * 0.75);
      gap: calc(var(--cc-spacing) * 0.375);
    }
    .banner .text {
      grid-template-rows: auto 1fr minmax(calc(var(--cc-focus-width) + 2px), calc(var(--cc-spacing) * 0.375));
      margin-bottom: calc(var(--cc-spacing) * -0.375);
    }
    /* Cards too: one that filled the screen (400 % zoom is 320×256) left no room above it for what has focus. */
    .bottom,
    .top,
    .bottom-left,
    .bottom-right {
      max-height: max(100dvh / 3, min(100dvh, 13rem));
    }
    .buttons button {
      min-height: 2rem;
      padding-block: calc(var(--cc-spacing) * 0.25);
    }
    h2 {
      margin-bottom: 0;
    }
  }
`;
