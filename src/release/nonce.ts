/**
 * Whether a tagged element carries the page's nonce, as the browser counts one: injected markup does not know
 * it, nor does a nonce that dangling markup took from the tag it swallowed count (an attribute then holds
 * "<script" or "<style": CSP's "nonceable" check). `except`: an attribute whose value may hold markup of its
 * own (a `data-srcdoc`, whose document the page's policy governs). Shared by scripts (index.ts) and embeds.
 */
export function carriesNonce(element: Element, nonce: string, except?: string): boolean {
  return (element as HTMLElement).nonce === nonce && !/<(script|style)/i.test(element.getAttributeNames().filter((name) => name !== except).map((name) => name + element.getAttribute(name)).join());
}
