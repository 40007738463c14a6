// The page every widget is measured on: a plain news-style article with inline CSS, system fonts and no
// images, so the only thing that differs between the pages is the consent widget.

const paragraphs = [
  `Every morning, before most of the city is awake, a small team at the treatment works on the east bank
  takes the first samples of the day. They fill numbered bottles at six points along the plant, from the
  intake screens where river water first arrives to the tanks that feed the distribution network, and carry
  them to a laboratory that smells faintly of chlorine and coffee.`,
  `The tests they run have barely changed in thirty years: turbidity, pH, residual disinfectant and a
  culture for coliform bacteria that takes a full day to read. What has changed is how much of the plant
  reports on itself. Sensors now log flow, pressure and chlorine levels every few seconds, and the control
  room can see a problem forming long before it shows up in a sample bottle.`,
  `"The bottles are still the truth," says the shift chemist, who has worked here since the old sand
  filters were replaced. "The sensors tell us where to look. The lab tells us whether we were right." She
  points at a chart on the wall where a single red mark stands out in a column of green ones, a sample from
  last winter that turned out to be a cracked bottle rather than a failing filter.`,
  `Clean water is mostly a matter of patience. Raw water sits in settling basins while a coagulant gathers
  fine particles into clumps heavy enough to sink. It then passes through layers of sand and anthracite,
  and finally through ultraviolet reactors that leave bacteria unable to reproduce. Only a small dose of
  chlorine is added at the end, enough to protect the water on its long journey through the pipes.`,
  `That journey is where most of the trouble starts. The network under the city is more than 2,000
  kilometres long, and some of its cast-iron mains were laid before anyone in the control room was born.
  A burst main can stir up sediment that has rested quietly for decades, and a drop in pressure can let
  groundwater seep in through joints that were never meant to be watertight.`,
  `To find weak points before they fail, the utility has started listening to its pipes. Acoustic loggers
  clipped to valves record the faint hiss of escaping water at night, when traffic is quiet and demand is
  low. Software compares the recordings from neighbouring loggers and estimates where a leak sits to within
  a few metres, which saves crews from digging up a whole street to find it.`,
  `The results have been modest but steady. Leakage has fallen by about a tenth over five years, and the
  number of boil-water notices has dropped to a handful a year, most of them precautionary. Residents rarely
  notice any of this, which is exactly how the people who run the system would like it.`,
  `Money remains the hardest part. Replacing a kilometre of old main costs far more than repairing a leak,
  and the budget for renewals competes every year with roads, schools and housing. Engineers have learned
  to make their case with maps rather than pipes: a map of bursts over ten years, laid over a map of where
  the oldest mains run, makes the argument better than any report.`,
  `There are new worries, too. Hotter summers mean lower river levels and warmer water, which favours algae
  and makes treatment harder. Heavy storms wash more soil and fertiliser into the river in a single night
  than it used to carry in a month. The plant has added a second intake upstream so that it can switch
  sources when one of them turns murky.`,
  `Back in the laboratory, the afternoon samples are lined up in a rack by the window. The chemist checks
  the labels against the log, initials each one and slides the rack into the incubator. Tomorrow morning
  she will read the plates, record the results and start again, as someone here has done every day for
  more than a century.`,
];

const sections = [
  ['The morning round', 0, 3],
  ['From river to tap', 3, 6],
  ['Paying for pipes', 6, 10],
];

/** The article's `<head>` content (charset, viewport, title, inline styles). */
export const articleHead = `<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>How a city keeps its water clean — The Riverside Courier</title>
<meta name="description" content="A day at the east bank treatment works, where samples, sensors and patience keep the city's water safe.">
<link rel="icon" href="data:,">
<style>
  :root { color-scheme: light; }
  body { margin: 0; font: 18px/1.6 Georgia, 'Times New Roman', serif; color: #1d1d1f; background: #fff; }
  header.site, footer.site { font-family: system-ui, sans-serif; background: #0f2a3f; color: #fff; }
  header.site { display: flex; align-items: center; gap: 2rem; padding: 0.75rem 1.5rem; }
  header.site a { color: #fff; text-decoration: none; font-size: 0.95rem; }
  header.site .brand { font-weight: 700; font-size: 1.2rem; }
  nav ul { display: flex; flex-wrap: wrap; gap: 1.25rem; margin: 0; padding: 0; list-style: none; }
  main { max-width: 42rem; margin: 2rem auto 4rem; padding: 0 1.25rem; }
  h1 { font-size: 2.3rem; line-height: 1.2; margin: 0 0 0.5rem; }
  .standfirst { font-size: 1.2rem; color: #444; margin: 0 0 1rem; }
  .byline { font: 0.9rem/1.4 system-ui, sans-serif; color: #666; margin-bottom: 2rem; }
  h2 { font-size: 1.4rem; margin: 2rem 0 0.75rem; }
  blockquote { margin: 1.5rem 0; padding-left: 1rem; border-left: 4px solid #0f2a3f; font-style: italic; }
  aside.related { font-family: system-ui, sans-serif; border-top: 1px solid #ddd; margin-top: 3rem; padding-top: 1rem; }
  aside.related li { margin: 0.4rem 0; }
  footer.site { padding: 1.5rem; font-size: 0.9rem; }
  footer.site a { color: #cde; }
</style>`;

/**
 * The article's `<body>` content. `settingsLink` is the footer link that reopens the consent choice, in
 * whatever form each widget documents (it differs only in one attribute).
 */
export function articleBody(settingsLink) {
  const body = sections
    .map(
      ([title, from, to]) =>
        `<h2>${title}</h2>\n` +
        paragraphs
          .slice(from, to)
          .map((p, i) =>
            from + i === 2
              ? `<blockquote><p>${p.replace(/\s+/g, ' ').trim()}</p></blockquote>`
              : `<p>${p.replace(/\s+/g, ' ').trim()}</p>`,
          )
          .join('\n'),
    )
    .join('\n');
  return `<header class="site">
  <a class="brand" href="/">The Riverside Courier</a>
  <nav><ul><li><a href="/">News</a></li><li><a href="/">City</a></li><li><a href="/">Science</a></li><li><a href="/">Opinion</a></li></ul></nav>
</header>
<main>
<article>
<h1>How a city keeps its water clean</h1>
<p class="standfirst">Samples, sensors and a great deal of patience: a day at the east bank treatment works.</p>
<p class="byline">By Staff Reporter · 8 min read</p>
${body}
</article>
<aside class="related">
  <h2>Related</h2>
  <ul>
    <li><a href="/">Why your tap water tastes different in summer</a></li>
    <li><a href="/">The engineers who listen to pipes at night</a></li>
    <li><a href="/">Five questions about the new river intake</a></li>
  </ul>
</aside>
</main>
<footer class="site">
  <p>© The Riverside Courier · <a href="/privacy">Privacy policy</a> · ${settingsLink}</p>
</footer>`;
}
