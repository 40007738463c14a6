// WCAG 2 contrast, for the tests that judge colours: the browser tests read them from computed styles
// (`rgb(…)`, `rgba(…)`), the end-to-end ones from screenshot pixels ([r, g, b]).

/** WCAG relative luminance of a colour: a computed `rgb()`/`rgba()` string or [r, g, b], 0–255. */
function luminance(color) {
  const channels = typeof color === 'string' ? color.match(/[\d.]+/g).slice(0, 3) : color;
  const [r, g, b] = channels.map((channel) => {
    const c = Number(channel) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The contrast ratio of two colours, 1 to 21. */
export function contrast(a, b) {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}
