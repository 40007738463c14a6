// Stands in for a marketing tag: records when it ran, relative to navigation start.
window.__ran_marketing = performance.now();
