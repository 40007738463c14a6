// The custom-elements manifest (custom-elements.json) is what editors, Storybook and framework
// wrappers read to learn the element's attributes, events, parts and custom properties. It is
// generated from the JSDoc tags on the component, so it cannot drift from the code.
export default {
  // The elements a page meets: <cookie-consent>, <cookie-category> and the iframe placeholder, and
  // src/define.ts, which gives the first two their tag names.
  globs: ['src/element/**/*.ts', 'src/release/placeholder.ts', 'src/define.ts'],
  // Texts are data and config/styles are internals; the manifest stays about the elements.
  exclude: ['src/**/*.test.ts', 'src/element/texts/**', 'src/element/config.ts', 'src/element/*.styles.ts'],
  outdir: '.',
  litelement: true,
  // package.json carries "customElements" by hand; the analyzer must not rewrite a shared file.
  packagejson: false,
  plugins: [hideInternals()],
};

/**
 * Lit's `static properties` also declares internal reactive state (`_banner: { state: true }`),
 * which the analyzer takes for attributes. Nothing whose name starts with `_`, and nothing private,
 * is API: leave it out so tools never offer it. The same for a module's `@internal` constant that the
 * analyzer keeps to resolve a tag name (`customElements.define(PLACEHOLDER_TAG, …)`): the definition
 * is named by its tag, which is what tools read, and the constant goes.
 */
function hideInternals() {
  const internal = (item) => item.name.startsWith('_') || item.name.startsWith('#') || item.privacy === 'private' || item.privacy === 'protected';
  return {
    name: 'hide-internals',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        for (const entry of module.exports ?? []) {
          const element = entry.kind === 'custom-element-definition' && module.declarations?.find((d) => d.name === entry.declaration.name);
          if (element?.tagName) entry.name = element.tagName;
        }
        // What the module exports no longer (an @internal one) is no longer in it.
        module.declarations = module.declarations?.filter((d) => d.customElement || module.exports?.some((e) => e.kind === 'js' && e.name === d.name));
        for (const declaration of module.declarations ?? []) {
          if (declaration.attributes) declaration.attributes = declaration.attributes.filter((a) => !internal(a));
          if (declaration.members) declaration.members = declaration.members.filter((m) => !internal(m));
        }
      }
    },
  };
}
