/** Declares a suite for each of `files` in the folder `dir` that imports it, once every module they import is loaded (file-suites.mjs). */
export function fileSuites(dir: URL, files: string[]): Promise<void>;
