// A site that bundles the package (issue 12): the ES module build loads its view, its receipt sender, the
// release of embeds and the services' configuration with import() of a literal path beside it, and the view
// its service UI (issue 14), its embeds' placeholder and its preferences dialog likewise, so a bundler gives each a chunk of its own
// and the entry chunk, which every page loads, carries none of them. Shown with rollup on the built
// dist/cookie-consent.js. Needs `npm run build` first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { rollup } from 'rollup';

test('a bundler splits the view, its service UI, placeholder and dialog, the receipt sender, the embeds and the services out of the entry chunk', async () => {
  const bundle = await rollup({ input: fileURLToPath(new URL('../../dist/cookie-consent.js', import.meta.url)) });
  const { output } = await bundle.generate({ format: 'es', dir: 'out' });
  await bundle.close();
  const chunks = output.filter((item) => item.type === 'chunk');
  const entry = chunks.find((chunk) => chunk.isEntry);
  const lazy = chunks.filter((chunk) => chunk.isDynamicEntry);
  assert.equal(lazy.length, 7, chunks.map((chunk) => chunk.fileName).join(', '));
  // The view renders the banner's parts; the entry never does. (The build unquotes one-word attribute values.)
  const bannerPart = /part="?banner\b/;
  const dialog = /part="?dialog\b/;
  const services = /part="?services\b/;
  // Only the placeholder's style sheet names its custom properties.
  const placeholder = /--cookie-consent-placeholder-background/;
  const view = lazy.find((chunk) => bannerPart.test(chunk.code));
  assert.ok(view, 'a chunk of its own holds the banner');
  assert.ok(!bannerPart.test(entry.code) && !dialog.test(entry.code), 'the entry chunk holds no view');
  assert.ok(lazy.some((chunk) => chunk !== view && chunk.code.includes('keepalive')), 'the receipt sender is a chunk of its own');
  // Only the embeds' release knows what each kind of embed loads (a <link>'s imagesrcset among them).
  assert.ok(lazy.some((chunk) => chunk !== view && chunk.code.includes('imagesrcset')), 'a chunk of its own releases embeds');
  assert.ok(!entry.code.includes('imagesrcset'), 'the entry chunk releases no embed');
  // Only the services' part knows the presets' categories.
  assert.ok(lazy.some((chunk) => chunk !== view && chunk.code.includes('meta-pixel')), 'a chunk of its own reads <cookie-service>');
  assert.ok(!entry.code.includes('meta-pixel'), 'the entry chunk knows no preset');
  assert.ok(lazy.some((chunk) => chunk !== view && services.test(chunk.code)) && !services.test(view.code), 'the service UI is a chunk of its own');
  assert.ok(lazy.some((chunk) => chunk !== view && placeholder.test(chunk.code)) && !placeholder.test(view.code), 'the embeds\' placeholder is a chunk of its own');
  assert.ok(lazy.some((chunk) => chunk !== view && dialog.test(chunk.code)) && !dialog.test(view.code), 'the preferences dialog is a chunk of its own');
  assert.equal(entry.dynamicImports.length, 4);
});
