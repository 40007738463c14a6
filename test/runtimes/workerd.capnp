# Serves app.mjs in workerd, the Cloudflare Workers runtime, as an ES-module worker:
#   workerd serve test/runtimes/workerd.capnp --socket-addr http=127.0.0.1:<port>
# Run by scripts/check-runtimes.mjs. Module names are paths, so app.mjs's `../../dist/server.js` resolves.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [(name = "main", worker = .worker)],
  sockets = [(name = "http", address = "127.0.0.1:8787", http = (), service = "main")],
);

const worker :Workerd.Worker = (
  modules = [
    (name = "test/runtimes/app.mjs", esModule = embed "app.mjs"),
    (name = "dist/server.js", esModule = embed "../../dist/server.js"),
  ],
  compatibilityDate = "2025-01-01",
);
