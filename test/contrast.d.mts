// Types of contrast.mjs, for the TypeScript tests.
export type Colour = string | readonly number[];
export function contrast(a: Colour, b: Colour): number;
