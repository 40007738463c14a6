// Stands in for an analytics tag: records when it ran, relative to navigation start.
window.__ran_analytics = performance.now();
