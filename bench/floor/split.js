// The split floor: the floor of entry.js, with its "Accept all" button rendered by Lit in a file of its
// own (view.js, served beside it as cookie-consent-view.js) that the classic script `import()`s only when
// there is no decision, as issue 12 asks of the banner (a core on every page, the Lit view only when
// something is shown). What it adds to the floor is the least that architecture costs a first visit: one
// more request, a module evaluated after the page's first frame, Lit's first render, one more frame.
import { defineFloor } from './floor.js';

const base = document.currentScript.src;
defineFloor((root, accept) => {
  import(new URL('cookie-consent-view.js', base).href).then((view) => view.show(root, accept));
});
