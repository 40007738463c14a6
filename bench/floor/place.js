/**
 * Where the floor's button sits: on screen whatever the page's length, as a banner is. A file of its own so
 * that the split floor's view (view.js) imports it without floor.js, which would bring js-cookie along.
 */
export const PLACE = 'position:fixed;bottom:1em;left:1em';
