#!/usr/bin/env node
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { parseArgs } from "node:util";
import { createHubServer } from "./index.ts";
import { createUserWithToken } from "./storage/accounts.ts";

const USAGE = `Usage: hub-server [--host 127.0.0.1] [--port 0] [--data DIR] [--seed FILE] [--public-url URL]
  --multipart-threshold BYTES  --multipart-chunk-size BYTES  --space-build-delay-ms MS (default 3000)  --lfs-redirect (302 LFS files to signed URLs)`;

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
  if (token) console.log(`created user "user" with write token ${token}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
