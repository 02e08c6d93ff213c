import { HttpError } from "./errors.ts";

/**
 * Yields the parsed JSON lines of an NDJSON body as they arrive, holding at most one line in
 * memory (413 past `maxLineBytes`). Blank lines are skipped; a bad line is a 400.
 */
export async function* readNdjson(body: ReadableStream<Uint8Array> | null, maxLineBytes: number): AsyncGenerator<unknown> {
  if (!body) return;
  const decoder = new TextDecoder();
  let pending: string[] = [];
  let pendingLength = 0;
  let lineNumber = 0;
  const parse = (line: string) => {
    lineNumber++;
    try {
      return JSON.parse(line) as unknown;
    } catch {
      throw new HttpError(400, `Invalid JSON on line ${lineNumber} of the commit payload`);
    }
  };
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    let text = decoder.decode(chunk, { stream: true });
    let newline = text.indexOf("\n");
    while (newline >= 0) {
      pending.push(text.slice(0, newline));
      const line = pending.join("");
      pending = [];
      pendingLength = 0;
      text = text.slice(newline + 1);
      newline = text.indexOf("\n");
      if (line.trim() !== "") yield parse(line);
    }
    if (text) {
      pending.push(text);
      pendingLength += text.length;
      if (pendingLength > maxLineBytes) throw new HttpError(413, `A line of the commit payload is longer than ${maxLineBytes} bytes`);
    }
  }
  const last = pending.join("") + decoder.decode();
  if (last.trim() !== "") yield parse(last);
}
