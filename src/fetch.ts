/**
 * `fetch()` that never throws: a page may wrap `fetch` (monitoring, tests) and such a wrapper may throw at
 * once. Called from a promise, it rejects instead, and each caller already handles a failed request.
 */
export const fetchSafely = (url: string | URL, init?: RequestInit): Promise<Response> => Promise.resolve().then(() => fetch(url, init));
