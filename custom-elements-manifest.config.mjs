// The custom-elements manifest (custom-elements.json) is what editors, Storybook and framework
// wrappers read to learn the element's attributes, events, parts and custom properties. It is
// generated from the JSDoc tags on the component, so it cannot drift from the code.
export default {
  globs: ['src/element/**/*.ts'],
  // Texts are data, not API; the manifest stays about the element.
  exclude: ['src/**/*.test.ts', 'src/element/texts/**'],
  outdir: '.',
  litelement: true,
  // package.json carries "customElements" by hand; the analyzer must not rewrite a shared file.
  packagejson: false,
};
