#!/usr/bin/env node
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { parseArgs } from "node:util";
import { FAULT_KINDS, createHubServer, parseHfWarning, parseRateLimit, type FaultKind } from "./index.ts";
import { createUserWithToken } from "./storage/accounts.ts";

const USAGE = `Usage: hub-server [--host 127.0.0.1] [--port 0] [--data DIR] [--seed FILE] [--public-url URL]
  --multipart-threshold BYTES  --multipart-chunk-size BYTES  --space-build-delay-ms MS (default 3000)  --lfs-redirect (302 LFS files to signed URLs)
Hub behaviours (see README "Hub behaviours and their switches"):
  --faults RATE  --faults-seed N  --faults-kinds ${FAULT_KINDS.join(",")}  --faults-stall-ms MS (default 35000)
  --rate-limit N/WINDOW (e.g. 500/300 or 500/5m)  --multipart-max-age SECONDS (default 86400)
  --signed-url-ttl SECONDS (default 3600)  --max-single-get BYTES (default 50e9)
  --no-repo-redirects (serve other-case ids directly instead of a 307)
  --max-siblings N (default 1000)  --siblings-overflow truncate|omit
  --no-xet (turn Xet storage off: LFS only; on by default, --xet accepted)  --xet-token-ttl SECONDS (default 3600)
  --refuse-token-likes  --hf-warning "TOPIC; MESSAGE" (repeatable)  --disabled-repo [datasets/|spaces/]NS/NAME (repeatable)`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      host: { type: "string", default: "127.0.0.1" },
      port: { type: "string", default: "0" },
      data: { type: "string" },
      seed: { type: "string" },
      "public-url": { type: "string" },
      "multipart-threshold": { type: "string" },
      "multipart-chunk-size": { type: "string" },
      "space-build-delay-ms": { type: "string", default: "3000" },
      "lfs-redirect": { type: "boolean", default: false },
      faults: { type: "string" },
      "faults-seed": { type: "string" },
      "faults-kinds": { type: "string" },
      "faults-stall-ms": { type: "string" },
      "rate-limit": { type: "string" },
      "multipart-max-age": { type: "string" },
      "signed-url-ttl": { type: "string" },
      "max-single-get": { type: "string" },
      "no-repo-redirects": { type: "boolean", default: false },
      "max-siblings": { type: "string" },
      "siblings-overflow": { type: "string" },
      "refuse-token-likes": { type: "boolean", default: false },
      xet: { type: "boolean" },
      "no-xet": { type: "boolean" },
      "xet-token-ttl": { type: "string" },
      "hf-warning": { type: "string", multiple: true },
      "disabled-repo": { type: "string", multiple: true },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const dataDir = values.data ?? join(tmpdir(), `hub-server-${process.pid}`);
  const server = createHubServer({
    dataDir,
    seed: values.seed,
    publicUrl: values["public-url"],
    multipartThreshold: values["multipart-threshold"] ? Number(values["multipart-threshold"]) : undefined,
    multipartChunkSize: values["multipart-chunk-size"] ? Number(values["multipart-chunk-size"]) : undefined,
    spaceBuildDelayMs: Number(values["space-build-delay-ms"]),
    lfsRedirects: values["lfs-redirect"],
    faults:
      values.faults !== undefined
        ? {
            rate: numberFlag("faults", values.faults)!,
            seed: numberFlag("faults-seed", values["faults-seed"]),
            kinds: values["faults-kinds"]?.split(",").map((kind) => kind.trim() as FaultKind),
            stallMs: numberFlag("faults-stall-ms", values["faults-stall-ms"]),
          }
        : undefined,
    repoRedirects: !values["no-repo-redirects"],
    maxSiblings: numberFlag("max-siblings", values["max-siblings"]),
    siblingsOverflow: siblingsOverflowFlag(values["siblings-overflow"]),
    refuseTokenLikes: values["refuse-token-likes"],
    xet: values.xet ? true : values["no-xet"] ? false : undefined,
    xetTokenTtlSeconds: numberFlag("xet-token-ttl", values["xet-token-ttl"]),
    hfWarnings: values["hf-warning"]?.map(parseHfWarning),
    disabledRepos: values["disabled-repo"],
    maxSingleGetBytes: numberFlag("max-single-get", values["max-single-get"]),
    signedUrlTtlSeconds: numberFlag("signed-url-ttl", values["signed-url-ttl"]),
    multipartMaxAgeSeconds: numberFlag("multipart-max-age", values["multipart-max-age"]),
    rateLimit: values["rate-limit"] ? parseRateLimit(values["rate-limit"]) : undefined,
  });
  let token: string | undefined;
  if (!values.seed) {
    token = `hf_${randomBytes(20).toString("hex")}`;
    createUserWithToken(server.context.db, "user", token);
  }
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`hub-server: ${signal}, closing`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  const { url } = await server.listen({ host: values.host, port: Number(values.port) });
  console.log(`hub-server listening on ${url} (data: ${dataDir})`);
  if (server.faults)
    console.log(
      `injecting faults into ${server.faults.rate} of requests (seed ${server.faults.seed}, kinds ${server.faults.kinds.join(",")})`,
    );
  if (token) console.log(`created user "user" with write token ${token}`);
}

function siblingsOverflowFlag(value: string | undefined): "truncate" | "omit" | undefined {
  if (value === undefined || value === "truncate" || value === "omit") return value;
  throw new Error(`--siblings-overflow expects truncate or omit, got "${value}"`);
}

/** A numeric flag, or undefined when absent; a clear error when it is not a number. */
function numberFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (value.trim() === "" || !Number.isFinite(number)) throw new Error(`--${name} expects a number, got "${value}"`);
  return number;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
