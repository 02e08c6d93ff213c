import { createInterface } from "node:readline";
import { Writable } from "node:stream";

/** Reads one line from stdin; on a terminal shows `prompt` on stderr and hides what is typed. */
export async function readSecretLine(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) return (await readAllStdin()).split(/\r?\n/)[0] ?? "";
  process.stderr.write(prompt);
  const lineReader = createInterface({ input: process.stdin, terminal: true, output: new Writable({ write: (_chunk, _encoding, done) => done() }) });
  try {
    return await new Promise<string>((resolve) => lineReader.once("line", resolve));
  } finally {
    lineReader.close();
    process.stderr.write("\n");
  }
}

/** Reads stdin to the end as UTF-8 text. */
export async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
