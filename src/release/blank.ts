/**
 * Sends an iframe's frame to a blank page in the place of its current entry in the session history (`replace`), so
 * that Back never takes it to what it held. A frame that waits for consent must hold no document, yet a browser
 * restores a frame's last page from the session history (Back to a page, a reload: Firefox; Back after a frame was
 * unloaded: Chromium) though the iframe has no `src`. `location.replace()` is one of the few things a page may do to
 * a frame of another origin.
 */
export function blank(iframe: HTMLIFrameElement): void {
  try {
    iframe.contentWindow?.location.replace('about:blank');
  } catch {
    // A frame whose document is gone: nothing to unload.
  }
}
