// An HTTPS shaping proxy for the benchmarks: what a client of the real Hub meets (TLS, a round trip
// of tens of milliseconds, a per-connection throughput cap), in front of the local server.
//
//   client --TLS over TCP--> [shaper: delay + cap, each direction] --> [TLS end + HTTP forwarder] --HTTP--> apps/server
//
// - The shaper works on the raw TCP bytes (TLS handshake included), one FIFO and one timer per
//   direction, so bytes stay in order. Every chunk leaves the "link" once the bytes before it have
//   gone at `mbit` Mbit/s, and arrives `delayMs` later. Each client connection has its own link, so
//   the cap is per connection and per direction, like a CDN's.
// - The forwarder is node:https with a self-signed certificate made at start (openssl when present,
//   else node:crypto and a small DER writer). It forwards every request on one upstream keep-alive connection
//   per client connection, changes nothing in either direction except the hop-by-hop headers
//   (Connection, Keep-Alive) and adds X-Forwarded-Proto/Host/For. The server builds absolute URLs
//   (LFS hrefs, redirects, pagination links) from its `--public-url`: start it with the proxy's URL
//   (`startHubBehindProxy` in harness.mjs does). An upstream reset is passed on as a reset.
// - Clients trust the certificate through NODE_EXTRA_CA_CERTS=<certFile> (read by node at start-up
//   only, so give it to child processes).
//
// Importable:  const proxy = await startHttpsProxy({ upstream: "http://127.0.0.1:8080" }); proxy.url; await proxy.close();
// Runnable:    node bench/https-proxy.mjs --upstream http://127.0.0.1:8080 [--port 8443] [--delay-ms 10] [--mbit 400]
//              prints "https-proxy listening on https://127.0.0.1:PORT (cert: FILE)"; Ctrl-C stops it.
import { execFileSync } from "node:child_process";
import { generateKeyPairSync, randomBytes, sign } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { Agent, request as httpRequest } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { connect, createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

/** One-way delay added by default, in ms (a round trip of 20 ms). */
export const DEFAULT_DELAY_MS = 10;
/** Default throughput cap per connection and direction, in Mbit/s. */
export const DEFAULT_MBIT = 400;
/** Bytes a link holds before it stops reading its source (TCP back-pressure then does the rest). */
const LINK_BUFFER = 4 * 1024 * 1024;
/** Idle time before the proxy closes a client connection: shorter than the local server's keep-alive, so the upstream connection it owns is never closed under it. */
const CLIENT_KEEP_ALIVE_MS = 4000;
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "upgrade"]);
/** Shaping settings from the environment: BENCH_DELAY_MS (one way, default 10), BENCH_MBIT (per connection and direction, default 400). */
export function shapingFromEnv(env = process.env) {
  const delayMs = env.BENCH_DELAY_MS === undefined ? DEFAULT_DELAY_MS : Number(env.BENCH_DELAY_MS);
  const mbit = env.BENCH_MBIT === undefined ? DEFAULT_MBIT : Number(env.BENCH_MBIT);
  if (!(delayMs >= 0) || !(mbit > 0))
    throw new Error(`BENCH_DELAY_MS must be >= 0 and BENCH_MBIT > 0 (got ${env.BENCH_DELAY_MS}, ${env.BENCH_MBIT})`);
  return { delayMs, mbit };
}

// A minimal DER writer, enough for one self-signed X.509 v3 certificate (ECDSA P-256, SHA-256).
const der = (tag, ...parts) => {
  const body = Buffer.concat(parts);
  const length =
    body.length < 0x80
      ? Buffer.from([body.length])
      : body.length < 0x100
        ? Buffer.from([0x81, body.length])
        : Buffer.from([0x82, body.length >> 8, body.length & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, body]);
};
const sequence = (...parts) => der(0x30, ...parts);
const oid = (dotted) => {
  const [first, second, ...rest] = dotted.split(".").map(Number);
  const bytes = [first * 40 + second];
  for (const arc of rest) {
    const septets = [];
    for (let value = arc; ; value = Math.floor(value / 128)) {
      septets.unshift((value % 128) | (septets.length ? 0x80 : 0));
      if (value < 128) break;
    }
    bytes.push(...septets);
  }
  return der(0x06, Buffer.from(bytes));
};
const utcTime = (date) => der(0x17, Buffer.from(date.toISOString().replace(/[-:T]/g, "").slice(2, 14) + "Z"));

/** A self-signed certificate for 127.0.0.1 / localhost made with node:crypto only: { cert, key } as PEM. */
function selfSignedCertificate() {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const ecdsaWithSha256 = sequence(oid("1.2.840.10045.4.3.2"));
  const name = sequence(der(0x31, sequence(oid("2.5.4.3"), der(0x0c, Buffer.from("127.0.0.1")))));
  const serial = randomBytes(16);
  serial[0] &= 0x7f;
  const now = Date.now();
  const extensions = der(
    0xa3,
    sequence(
      sequence(oid("2.5.29.19"), der(0x01, Buffer.from([0xff])), der(0x04, sequence(der(0x01, Buffer.from([0xff]))))),
      sequence(oid("2.5.29.17"), der(0x04, sequence(der(0x87, Buffer.from([127, 0, 0, 1])), der(0x82, Buffer.from("localhost"))))),
    ),
  );
  const tbs = sequence(
    der(0xa0, der(0x02, Buffer.from([2]))),
    der(0x02, serial),
    ecdsaWithSha256,
    name,
    sequence(utcTime(new Date(now - 3600_000)), utcTime(new Date(now + 2 * 24 * 3600_000))),
    name,
    publicKey.export({ type: "spki", format: "der" }),
    extensions,
  );
  const signature = sign("sha256", tbs, { key: privateKey, dsaEncoding: "der" });
  const certificate = sequence(tbs, ecdsaWithSha256, der(0x03, Buffer.from([0]), signature));
  const base64 = certificate.toString("base64").replace(/.{64}/g, "$&\n");
  return {
    cert: `-----BEGIN CERTIFICATE-----\n${base64}\n-----END CERTIFICATE-----\n`.replace("\n\n-----END", "\n-----END"),
    key: privateKey.export({ type: "pkcs8", format: "pem" }),
  };
}

function hasOpenssl() {
  try {
    execFileSync("openssl", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/**
 * A self-signed certificate for 127.0.0.1 and localhost, valid two days, written as cert.pem and
 * key.pem into `dir`. `method`: "openssl" (default when the command exists) or "node" (node:crypto
 * and the small DER writer below; BENCH_CERT=node forces it).
 */
export async function makeCertificate(dir, { method = process.env.BENCH_CERT ?? (hasOpenssl() ? "openssl" : "node") } = {}) {
  const certFile = join(dir, "cert.pem");
  const keyFile = join(dir, "key.pem");
  if (method === "openssl") {
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=127.0.0.1",
        "-addext",
        "subjectAltName=IP:127.0.0.1,DNS:localhost",
        "-keyout",
        keyFile,
        "-out",
        certFile,
      ],
      { stdio: "ignore" },
    );
  } else if (method === "node") {
    const pems = selfSignedCertificate();
    await writeFile(certFile, pems.cert);
    await writeFile(keyFile, pems.key);
  } else {
    throw new Error(`unknown certificate method ${method} (openssl or node)`);
  }
  return { certFile, keyFile, cert: await readFile(certFile), key: await readFile(keyFile), method };
}

/**
 * Moves bytes from `source` to `destination` as a link of `bytesPerMs` with `delayMs` of latency:
 * one FIFO, one timer. Adds the bytes delivered to `stats[counter]`.
 */
function shapedLink(source, destination, { delayMs, bytesPerMs }, stats, counter) {
  const queue = [];
  let head = 0;
  let queued = 0;
  let linkFreeAt = 0;
  let timer;
  let sourceEnded = false;
  let blocked = false;

  const deliver = () => {
    timer = undefined;
    if (blocked || destination.destroyed) return;
    const now = performance.now();
    while (head < queue.length && queue[head].at <= now) {
      const { chunk } = queue[head];
      queue[head++] = undefined;
      queued -= chunk.length;
      stats[counter] += chunk.length;
      if (!destination.write(chunk)) {
        blocked = true;
        destination.once("drain", () => {
          blocked = false;
          deliver();
        });
        break;
      }
    }
    if (head === queue.length) {
      queue.length = 0;
      head = 0;
    } else if (head > 1024) {
      queue.splice(0, head); // a link that never empties must not grow its array forever
      head = 0;
    }
    if (source.isPaused() && queued < LINK_BUFFER / 2 && !source.destroyed) source.resume();
    if (blocked) return;
    if (head < queue.length) timer = setTimeout(deliver, Math.max(0, Math.ceil(queue[head].at - now)));
    else if (sourceEnded) destination.end();
  };

  source.on("data", (chunk) => {
    const arrived = performance.now();
    // The chunk starts on the wire when the link is free, takes length/rate to send, then travels delayMs.
    linkFreeAt = Math.max(arrived, linkFreeAt) + chunk.length / bytesPerMs;
    queue.push({ chunk, at: linkFreeAt + delayMs });
    queued += chunk.length;
    if (queued >= LINK_BUFFER) source.pause();
    if (timer === undefined && !blocked) timer = setTimeout(deliver, Math.max(0, Math.ceil(linkFreeAt + delayMs - arrived)));
  });
  source.on("end", () => {
    sourceEnded = true;
    if (timer === undefined && !blocked) deliver();
  });
  return () => clearTimeout(timer);
}

/**
 * Starts the proxy on 127.0.0.1. Options: `upstream` (http origin of the server; may be set later
 * with `setUpstream`, so the server can be started with the proxy's URL as its public URL), `port`
 * (default 0: a free one), `delayMs`, `mbit`, `certDir` (default: a new temp folder, removed on close).
 * Faults are the server's own switch (`hub-server --faults`), not the proxy's.
 * Resolves with { url, certFile, setUpstream(url), stats: { connections, requests, bytesIn, bytesOut }, close() }.
 */
export async function startHttpsProxy({ upstream, port = 0, delayMs = DEFAULT_DELAY_MS, mbit = DEFAULT_MBIT, certDir } = {}) {
  if (!(delayMs >= 0) || !(mbit > 0)) throw new Error(`delayMs must be >= 0 and mbit > 0 (got ${delayMs}, ${mbit})`);
  const ownCertDir = certDir === undefined;
  const dir = certDir ?? (await mkdtemp(join(tmpdir(), "hub-bench-cert-")));
  const { certFile, cert, key } = await makeCertificate(dir);
  let target = upstream === undefined ? undefined : new URL(upstream);
  const stats = { connections: 0, requests: 0, bytesIn: 0, bytesOut: 0 };
  const shaping = { delayMs, bytesPerMs: (mbit * 1e6) / 8 / 1000 };

  // Stage 2: TLS end + HTTP forwarder, on its own loopback port, reached only through stage 1.
  const agents = new WeakMap();
  const tlsServer = createHttpsServer({ cert, key, keepAliveTimeout: CLIENT_KEEP_ALIVE_MS, requestTimeout: 0 });
  tlsServer.on("secureConnection", (socket) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    agents.set(socket, agent);
    socket.once("close", () => agent.destroy());
  });
  tlsServer.on("request", (request, response) => {
    stats.requests++;
    if (target === undefined) {
      response.writeHead(503, { "Content-Type": "text/plain" }).end("https-proxy: no upstream yet");
      return;
    }
    forward(request, response);
  });

  /** Forwards one request upstream. */
  function forward(request, response) {
    const headers = [];
    for (let index = 0; index < request.rawHeaders.length; index += 2) {
      if (!HOP_BY_HOP.has(request.rawHeaders[index].toLowerCase())) headers.push(request.rawHeaders[index], request.rawHeaders[index + 1]);
    }
    headers.push(
      "X-Forwarded-Proto",
      "https",
      "X-Forwarded-Host",
      request.headers.host ?? "",
      "X-Forwarded-For",
      request.socket.remoteAddress ?? "",
    );
    const forwarded = httpRequest({
      host: target.hostname,
      port: target.port,
      method: request.method,
      path: request.url,
      headers,
      setHost: false,
      agent: agents.get(request.socket),
    });
    forwarded.on("response", (answer) => {
      const answerHeaders = [];
      for (let index = 0; index < answer.rawHeaders.length; index += 2) {
        if (!HOP_BY_HOP.has(answer.rawHeaders[index].toLowerCase()))
          answerHeaders.push(answer.rawHeaders[index], answer.rawHeaders[index + 1]);
      }
      response.sendDate = false;
      response.writeHead(answer.statusCode, answer.statusMessage, answerHeaders);
      // An upstream reset mid-body becomes a reset of the client's connection, as the origin meant.
      pipeline(answer, response, (error) => {
        if (error) request.socket.destroy();
      });
    });
    // No answer from upstream (reset, refused): the client gets a reset too, not a made-up status.
    forwarded.on("error", () => request.socket.destroy());
    pipeline(request, forwarded, (error) => {
      if (error) forwarded.destroy();
    });
  }

  tlsServer.on("tlsClientError", () => {});
  await new Promise((resolve, reject) => {
    tlsServer.once("error", reject);
    tlsServer.listen(0, "127.0.0.1", resolve);
  });
  const innerPort = tlsServer.address().port;

  // Stage 1: the shaper, the port clients connect to.
  const sockets = new Set();
  const shaper = createNetServer({ allowHalfOpen: true, noDelay: true }, (client) => {
    stats.connections++;
    const inner = connect({ host: "127.0.0.1", port: innerPort, allowHalfOpen: true, noDelay: true });
    sockets.add(client).add(inner);
    const stops = [shapedLink(client, inner, shaping, stats, "bytesIn"), shapedLink(inner, client, shaping, stats, "bytesOut")];
    const teardown = () => {
      for (const stop of stops) stop();
      client.destroy();
      inner.destroy();
      sockets.delete(client);
      sockets.delete(inner);
    };
    client.on("error", teardown);
    inner.on("error", teardown);
    let closed = 0;
    const onClose = () => ++closed === 2 && teardown();
    client.on("close", onClose);
    inner.on("close", onClose);
  });
  await new Promise((resolve, reject) => {
    shaper.once("error", reject);
    shaper.listen(port, "127.0.0.1", resolve);
  });
  const url = `https://127.0.0.1:${shaper.address().port}`;

  return {
    url,
    certFile,
    delayMs,
    mbit,
    stats,
    setUpstream(value) {
      target = new URL(value);
    },
    async close() {
      const closed = Promise.all([new Promise((resolve) => shaper.close(resolve)), new Promise((resolve) => tlsServer.close(resolve))]);
      for (const socket of sockets) socket.destroy();
      tlsServer.closeAllConnections();
      await closed;
      if (ownCertDir) await rm(dir, { recursive: true, force: true });
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      upstream: { type: "string" },
      port: { type: "string", default: "0" },
      "delay-ms": { type: "string", default: String(DEFAULT_DELAY_MS) },
      mbit: { type: "string", default: String(DEFAULT_MBIT) },
      "cert-dir": { type: "string" },
    },
  });
  if (!values.upstream) {
    console.error(
      "usage: node bench/https-proxy.mjs --upstream http://127.0.0.1:PORT [--port 0] [--delay-ms 10] [--mbit 400] [--cert-dir DIR]",
    );
    process.exit(2);
  }
  const proxy = await startHttpsProxy({
    upstream: values.upstream,
    port: Number(values.port),
    delayMs: Number(values["delay-ms"]),
    mbit: Number(values.mbit),
    certDir: values["cert-dir"],
  });
  console.log(
    `https-proxy listening on ${proxy.url} (cert: ${proxy.certFile}; ${proxy.delayMs} ms each way, ${proxy.mbit} Mbit/s per connection and direction)`,
  );
  const stop = () => proxy.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
