// The custom-elements manifest (custom-elements.json) is what editors, Storybook and framework
// wrappers read to learn the element's attributes, events, parts and custom properties. It is
// generated from the JSDoc tags on the component, so it cannot drift from the code.
export default {
  // The elements a page meets: <cookie-consent>, <cookie-category> and the iframe placeholder, and
  // src/define.ts, which gives the first two their tag names.
  // The core's other modules (decision logic, tabs, triggers, config) and the view's are internals.
  globs: ['src/element/cookie-consent.ts', 'src/element/cookie-category.ts', 'src/view/placeholder.ts', 'src/define.ts', 'src/declaration/cookie-declaration.ts'],
  outdir: '.',
  litelement: true,
  // package.json carries "customElements" by hand; the analyzer must not rewrite a shared file.
  packagejson: false,
  plugins: [hideInternals(), linkAttributes()],
};

/**
 * Lit's `static properties` also declares internal reactive state (`_banner: { state: true }`),
 * which the analyzer takes for attributes. Nothing whose name starts with `_`, and nothing private,
 * is API: leave it out so tools never offer it. The same for a module's `@internal` constant that the
 * analyzer keeps to resolve a tag name (`customElements.define(PLACEHOLDER_TAG, …)`): the definition
 * is named by its tag, which is what tools read, and the constant goes. Nor is an event without a description.
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
          // The events are those with an @event tag; the analyzer also takes `new CustomEvent(type)` for one named "type".
          if (declaration.events) declaration.events = declaration.events.filter((e) => e.description);
        }
      }
    },
  };
}

/**
 * `<cookie-consent>` declares its attributes in a table (src/element/cookie-consent.ts), which the
 * analyzer cannot read: each `@attr` is linked here to the property of the same name in camelCase
 * (`policy-url` ↔ `policyUrl`), as the analyzer does for Lit's declared properties, so tools know both
 * names of one setting.
 */
function linkAttributes() {
  const camel = (name) => name.replace(/-([a-z])/g, (_, letter) => letter.toUpperCase());
  return {
    name: 'link-attributes',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations ?? []) {
          for (const attribute of declaration.attributes ?? []) {
            const member = declaration.members?.find((m) => m.kind === 'field' && m.name === camel(attribute.name));
            if (!member) continue;
            attribute.fieldName = member.name;
            member.attribute = attribute.name;
          }
        }
      }
    },
  };
}
