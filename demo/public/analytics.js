// Stands in for a third-party analytics script. The page includes it as
// <script type="text/plain" data-category="analytics" src="/analytics.js">, so it runs only
// after the visitor allows analytics. What it does is what such scripts do: set an id cookie.
(function () {
  var match = document.cookie.match(/(?:^|;\s*)_demo_analytics=([^;]+)/);
  var id = match ? match[1] : Math.random().toString(36).slice(2, 12);
  document.cookie = '_demo_analytics=' + id + '; Path=/; Max-Age=' + 60 * 60 * 24 * 30 + '; SameSite=Lax';
  document.documentElement.dataset.analytics = 'ran';
  document.dispatchEvent(new Event('demo-analytics-ran'));
})();
