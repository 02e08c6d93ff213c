import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { confirm } from "./input.ts";

function streams(typed: string | undefined) {
  const input = new PassThrough();
  const output = new PassThrough();
  let shown = "";
  output.setEncoding("utf8").on("data", (chunk: string) => (shown += chunk));
  if (typed === undefined) input.end();
  else input.end(typed);
  return { input, output, shown: () => shown };
}

describe("confirm", () => {
  it.each([
    ["y\n", true],
    ["YES\n", true],
    [" yes \n", true],
    ["n\n", false],
    ["\n", false],
    ["yep\n", false],
  ])("answer %j is %s", async (typed, expected) => {
    const io = streams(typed);
    expect(await confirm("Delete model alice/x? This cannot be undone.", io)).toBe(expected);
    expect(io.shown()).toBe("Delete model alice/x? This cannot be undone. [y/N] ");
  });

  it("input that ends without a line is no", async () => {
    expect(await confirm("Go?", streams(undefined))).toBe(false);
  });
});
