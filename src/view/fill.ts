/** `template` with each `{key}` of `values` filled in; other braces stay as they are. */
export function fill(template: string, values: Record<string, string>): string {
  // Own keys only: "{constructor}" in a translation is text, not Object.prototype.constructor.
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (Object.hasOwn(values, key) ? values[key]! : whole));
}
