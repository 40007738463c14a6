/** Where the floor's button sits: on screen whatever the page's length, as a banner is. */
export const PLACE = 'position:fixed;bottom:1em;left:1em';
