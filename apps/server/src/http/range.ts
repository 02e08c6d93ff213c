import { HttpError } from "./errors.ts";

/** An inclusive byte range. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Parses a single-range `Range: bytes=...` header against a size. Undefined means "serve the
 * whole file" (no header, or a unit we ignore); unsatisfiable or malformed ranges answer 416.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | undefined {
  if (!header) return undefined;
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  const unsatisfiable = () =>
    new HttpError(416, `Requested range not satisfiable: ${header} (size ${size})`, { headers: { "Content-Range": `bytes */${size}` } });
  if (!match) {
    if (/^\s*bytes\s*=/i.test(header)) throw unsatisfiable();
    return undefined;
  }
  const [, first, last] = match;
  if (first === "" && last === "") throw unsatisfiable();
  let start: number;
  let end: number;
  if (first === "") {
    const suffix = Number(last);
    if (suffix === 0) throw unsatisfiable();
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(first);
    end = last === "" ? size - 1 : Math.min(Number(last), size - 1);
    if (last !== "" && Number(last) < start) throw unsatisfiable();
  }
  if (start >= size || size === 0) throw unsatisfiable();
  return { start, end };
}
