/**
 * Whether an element is in the page: connected, and to a document with a window. A DOM-diffing library may park
 * nodes in a document of its own (`document.implementation.createHTMLDocument()`), where they count as connected
 * but nothing is laid out or shown: there the element is out of the page, as removed (its view observing sizes
 * there made Firefox report a ResizeObserver loop on the page at every frame).
 */
export const inPage = (element: Element): boolean => element.isConnected && !!element.ownerDocument.defaultView;
