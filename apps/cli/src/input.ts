import { createInterface } from "node:readline";
import { type Readable, Writable } from "node:stream";
import { NotConfirmedError } from "./errors.ts";

/** Reads one line from stdin; on a terminal shows `prompt` on stderr and hides what is typed. */
export async function readSecretLine(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) return (await readAllStdin()).split(/\r?\n/)[0] ?? "";
  process.stderr.write(prompt);
  const lineReader = createInterface({
    input: process.stdin,
    terminal: true,
    output: new Writable({ write: (_chunk, _encoding, done) => done() }),
  });
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

/** Where `confirm` asks: the input it reads an answer from and the output the question goes to. */
export interface PromptStreams {
  input: Readable;
  output: NodeJS.WritableStream;
}

/**
 * Asks a yes/no question (`question [y/N] `) and reads one line: true only for `y` or `yes` (any
 * case); anything else, or the input ending without a line, is no.
 */
export async function confirm(
  question: string,
  streams: PromptStreams = { input: process.stdin, output: process.stderr },
): Promise<boolean> {
  streams.output.write(`${question} [y/N] `);
  const lineReader = createInterface({ input: streams.input, terminal: false });
  try {
    const answer = await new Promise<string | undefined>((resolve) => {
      lineReader.once("line", resolve);
      lineReader.once("close", () => resolve(undefined));
    });
    return /^y(es)?$/i.test(answer?.trim() ?? "");
  } finally {
    lineReader.close();
  }
}

/** Whether a question can be asked: stdin and stderr are both terminals. */
export function canPrompt(): boolean {
  return process.stdin.isTTY === true && process.stderr.isTTY === true;
}

/**
 * Goes on when `yes` (the `--yes` flag) is set or the user answers yes on a terminal.
 * @throws {NotConfirmedError} (exit 2) when there is no terminal to ask on, or the answer is no.
 */
export async function confirmOrRefuse(question: string, yes: boolean | undefined, refused: string): Promise<void> {
  if (yes) return;
  if (!canPrompt()) throw new NotConfirmedError(`${refused}: no terminal to confirm on; pass --yes to confirm.`);
  if (!(await confirm(question))) throw new NotConfirmedError(`${refused}: not confirmed.`);
}
