// A site of its own for each end-to-end test: a server on a port of its own, whose request log holds only
// that test's requests, so that tests can run side by side. Most of a test's time is spent waiting (for a
// page, for a timer, or to see that something is NOT requested), and those waits then overlap.
import { createServer } from 'node:http';

/**
 * Serves sites that `answer(site, req, res)` answers, `site` being the object given to open(), which
 * gets `port`, `origin` (on 127.0.0.1) and an empty `requests` for answer() to log them in. close()
 * closes every server opened.
 */
export function sites(answer) {
  const servers = [];
  return {
    async open(site = {}) {
      site.requests = [];
      const server = createServer((req, res) => answer(site, req, res));
      servers.push(server);
      await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
      site.port = server.address().port;
      site.origin = `http://127.0.0.1:${site.port}`;
      return site;
    },
    async close() {
      for (const server of servers) server.closeAllConnections();
      await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    },
  };
}
