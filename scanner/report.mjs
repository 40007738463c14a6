// The scan's report for people: a table for the terminal and a self-contained HTML page for a DPO.
// Everything in a report comes from the scanned site (cookie names, URLs, descriptions): untrusted text,
// escaped on the way out.

const STATE_NAMES = { before: 'Before any choice', reject: 'After "Reject all"', accept: 'After "Accept all"' };

/** Text with control characters (a terminal's escape sequences) made visible. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what it escapes
const plain = (value) => String(value ?? '').replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

function table(rows, headers) {
  const cells = [headers, ...rows].map((row) => row.map((cell) => plain(cell)));
  const widths = headers.map((_, i) => Math.min(60, Math.max(...cells.map((row) => row[i].length))));
  const fit = (cell, w) => (cell.length > w ? cell.slice(0, w - 1) + '…' : cell.padEnd(w));
  return cells.map((row, r) => row.map((cell, i) => fit(cell, widths[i])).join('  ').trimEnd() + (r === 0 ? '\n' + widths.map((w) => '-'.repeat(w)).join('  ') : '')).join('\n');
}

/** A cookie's party, and whether the browser keeps it only under one top-level site (partitioned, CHIPS). */
const partyOf = (c, key = false) => (c.partitionKey ? `${c.party}, partitioned${key ? ` (${c.partitionKey})` : ''}` : c.party);
/** A finding's name, marked when it is a partitioned cookie (beside an unpartitioned one of that name). */
const nameOf = (f) => (f.partitionKey ? `${f.name} (partitioned)` : f.name);

/** The pages recorded before their `load` came (a subresource had not arrived): what `load` would start is not in the scan. */
const unfinished = (report) => new Set(Object.values(report.states).flatMap((record) => record.pages.filter((p) => p.loaded === false).map((p) => p.url)));

/** The terminal report. */
export function formatText(report) {
  const out = [];
  out.push(`Scan of ${plain(report.url)}: ${report.pages.length} page(s), banner: ${report.banner === 'cookie-consent-element' ? '<cookie-consent>' : 'not <cookie-consent> (only the state before any choice was scanned)'}${report.complete ? '' : ', stopped at the time limit'}`);
  const stalled = unfinished(report);
  if (stalled.size) out.push(`Still loading when recorded (a resource had not arrived): ${plain([...stalled].join(' '))}`);
  for (const [state, record] of Object.entries(report.states)) {
    out.push('', `${STATE_NAMES[state]}${record.decided === false ? ' (the banner could not be driven)' : ''}`);
    if (record.cookies.length) out.push(table(record.cookies.map((c) => [c.name, c.domain, c.path, c.lifetime, partyOf(c), c.configured && c.configured !== c.category ? `${c.category} (site: ${c.configured})` : c.category, c.platform ?? '']), ['cookie', 'domain', 'path', 'lifetime', 'party', 'category', 'platform']));
    else out.push('no cookies');
    if (record.storage.length) out.push(table(record.storage.map((s) => [`${s.area}Storage`, s.key, s.category, s.platform ?? '']), ['storage', 'key', 'category', 'platform']));
    if (record.requests.length) out.push(table(record.requests.map((r) => [r.host, r.type, r.preset ?? '', r.initiator ?? r.page]), ['third-party host', 'type', 'preset', 'asked for by']));
  }
  out.push('');
  if (report.findings.length) {
    out.push(`FINDINGS: ${report.findings.length} thing(s) that need consent happened without it`);
    out.push(table(report.findings.map((f) => [STATE_NAMES[f.state], f.why, f.kind === 'request' ? f.host : nameOf(f), f.page, f.cause ?? '']), ['when', 'what', 'name / host', 'page', 'caused by']));
  } else out.push('No findings: nothing that needs consent was set or requested before a choice or after "Reject all".');
  if (report.review.length) {
    out.push('', `To review (${report.review.length}): not classified by the Open Cookie Database; necessary, or does it need consent?`);
    out.push(table(report.review.map((f) => [f.kind, f.name, f.page, f.cause ?? '', f.why]), ['kind', 'name', 'page', 'caused by', 'why']));
  }
  out.push('', 'Proposed configuration:', report.proposal.html);
  return out.join('\n') + '\n';
}

/** Escapes text for HTML content and double-quoted attribute values. */
export const escapeHtml = (value) => String(value ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The report as one HTML file with no external resources (no scripts at all), safe to send and open. */
export function formatHtml(report) {
  const e = escapeHtml;
  const stalled = unfinished(report);
  const asked = new Map((report.states.before?.pages ?? []).filter((p) => p.requested).map((p) => [p.url, p.requested]));
  const rows = (items, cols) => items.map((item) => `<tr>${cols.map((col) => `<td>${e(col(item))}</td>`).join('')}</tr>`).join('');
  const head = (cols) => `<thead><tr>${cols.map((c) => `<th scope="col">${e(c)}</th>`).join('')}</tr></thead>`;
  const section = (state, record) => `
<section>
  <h2>${e(STATE_NAMES[state])}</h2>
  ${record.decided === false ? '<p class="bad">The banner could not be driven.</p>' : ''}
  <h3>Cookies (${record.cookies.length})</h3>
  ${record.cookies.length ? `<table>${head(['Name', 'Domain', 'Path', 'Lifetime', 'Party', 'Category', 'Platform', 'Purpose', 'Set by', 'First seen on'])}<tbody>${rows(record.cookies, [(c) => c.name, (c) => c.domain, (c) => c.path, (c) => c.lifetime, (c) => partyOf(c, true), (c) => (c.configured && c.configured !== c.category ? `${c.category} (site: ${c.configured})` : c.category), (c) => c.platform, (c) => c.description, (c) => c.cause ? `${c.cause.by === 'header' ? 'Set-Cookie of ' : ''}${c.cause.source}` : '', (c) => c.page])}</tbody></table>` : '<p>None.</p>'}
  <h3>Storage keys (${record.storage.length})</h3>
  ${record.storage.length ? `<table>${head(['Area', 'Key', 'Origin', 'Category', 'Platform', 'Written by', 'First seen on'])}<tbody>${rows(record.storage, [(s) => `${s.area}Storage`, (s) => s.key, (s) => s.origin, (s) => s.category, (s) => s.platform, (s) => s.cause?.source, (s) => s.page])}</tbody></table>` : '<p>None.</p>'}
  <h3>Third-party requests (${record.requests.length})</h3>
  ${record.requests.length ? `<table>${head(['Host', 'URL', 'Type', 'Preset', 'Asked for by', 'Page'])}<tbody>${rows(record.requests, [(r) => r.host, (r) => r.url, (r) => r.type, (r) => r.preset, (r) => r.initiator, (r) => r.page])}</tbody></table>` : '<p>None.</p>'}
</section>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Cookie scan of ${e(report.url)}</title>
<style>
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 80rem; padding: 0 1rem; color: #1a1a1a; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1.5rem; font-size: 13px; }
th, td { border: 1px solid #ccc; padding: .25rem .4rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #f2f2f2; }
.bad { color: #a00; font-weight: 600; } .good { color: #060; font-weight: 600; }
pre { background: #f6f6f6; padding: .75rem; overflow: auto; }
</style>
</head>
<body>
<h1>Cookie scan of <code>${e(report.url)}</code></h1>
<p>Scanned ${e(report.startedAt)} to ${e(report.finishedAt)}: ${report.pages.length} page(s) (at most ${e(report.limits.maxPages)}, within ${e(report.limits.timeout)} s)${report.complete ? '' : ', <strong>stopped at the time limit</strong>'}.
Banner: ${report.banner === 'cookie-consent-element' ? '&lt;cookie-consent&gt;, driven with "Reject all" and "Accept all" in fresh browser profiles.' : 'not &lt;cookie-consent&gt;: only the state before any choice was scanned.'}</p>
<h2>Verdict</h2>
${report.findings.length ? `<p class="bad">${report.findings.length} finding(s): things that need consent happened before a choice or after "Reject all".</p><table>${head(['When', 'What', 'Name or URL', 'Category', 'Platform', 'Page', 'Caused by'])}<tbody>${rows(report.findings, [(f) => STATE_NAMES[f.state], (f) => f.why, nameOf, (f) => f.category, (f) => f.platform, (f) => f.page, (f) => f.cause])}</tbody></table>` : '<p class="good">No findings: nothing that needs consent was set or requested before a choice or after "Reject all".</p>'}
${report.review.length ? `<h3>To review</h3><p>Not classified by the Open Cookie Database: necessary, or does it need consent?</p><table>${head(['When', 'Kind', 'Name', 'Page', 'Caused by', 'Why'])}<tbody>${rows(report.review, [(f) => STATE_NAMES[f.state], (f) => f.kind, (f) => f.name, (f) => f.page, (f) => f.cause, (f) => f.why])}</tbody></table>` : ''}
<h2>Pages</h2>
<ul>${report.pages.map((p) => `<li>${e(p)}${asked.has(p) ? ` (from ${e(asked.get(p))})` : ''}${stalled.has(p) ? ' (still loading when recorded: a resource had not arrived)' : ''}</li>`).join('')}</ul>
${Object.entries(report.states).map(([state, record]) => section(state, record)).join('')}
<h2>Proposed configuration</h2>
<pre><code>${e(report.proposal.html)}</code></pre>
<p>Classification: Open Cookie Database (Apache 2.0), github.com/jkwakman/Open-Cookie-Database.</p>
</body>
</html>
`;
}
