/** One side of a file in a diff: its git blob oid and text, or `undefined` when absent on that side. */
export interface DiffSide {
  oid: string;
  /** The content as text; `undefined` for binary or LFS content. */
  text: string | undefined;
}

const CONTEXT_LINES = 3;
// Above this many cells the line table is not computed and the file is shown as replaced whole.
const MAX_TABLE_CELLS = 4_000_000;

type Line = { kind: " " | "-" | "+"; text: string; oldNumber: number; newNumber: number };

function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

function lineScript(before: string[], after: string[]): Line[] {
  const rows = before.length;
  const columns = after.length;
  const script: Line[] = [];
  if (rows * columns > MAX_TABLE_CELLS) {
    before.forEach((text, index) => script.push({ kind: "-", text, oldNumber: index + 1, newNumber: 0 }));
    after.forEach((text, index) => script.push({ kind: "+", text, oldNumber: rows, newNumber: index + 1 }));
    return script;
  }
  // Longest common subsequence lengths of the suffixes, one flat table.
  const table = new Uint32Array((rows + 1) * (columns + 1));
  const at = (row: number, column: number) => row * (columns + 1) + column;
  for (let row = rows - 1; row >= 0; row--) {
    for (let column = columns - 1; column >= 0; column--) {
      table[at(row, column)] =
        before[row] === after[column]
          ? table[at(row + 1, column + 1)]! + 1
          : Math.max(table[at(row + 1, column)]!, table[at(row, column + 1)]!);
    }
  }
  let row = 0;
  let column = 0;
  while (row < rows || column < columns) {
    if (row < rows && column < columns && before[row] === after[column]) {
      script.push({ kind: " ", text: before[row]!, oldNumber: ++row, newNumber: ++column });
    } else if (row < rows && (column === columns || table[at(row + 1, column)]! >= table[at(row, column + 1)]!)) {
      // Deletions first, as git prints them.
      script.push({ kind: "-", text: before[row]!, oldNumber: ++row, newNumber: column });
    } else {
      script.push({ kind: "+", text: after[column]!, oldNumber: row, newNumber: ++column });
    }
  }
  return script;
}

function range(start: number, count: number): string {
  return count === 1 ? String(start) : `${start},${count}`;
}

function hunks(script: Line[]): string[] {
  const output: string[] = [];
  let index = 0;
  while (index < script.length) {
    const firstChange = script.findIndex((line, position) => position >= index && line.kind !== " ");
    if (firstChange < 0) break;
    const start = Math.max(index, firstChange - CONTEXT_LINES);
    let end = firstChange;
    let lastChange = firstChange;
    while (end < script.length && end - lastChange <= 2 * CONTEXT_LINES) {
      if (script[end]!.kind !== " ") lastChange = end;
      end++;
    }
    end = Math.min(script.length, lastChange + CONTEXT_LINES + 1);
    const lines = script.slice(start, end);
    const oldCount = lines.filter((line) => line.kind !== "+").length;
    const newCount = lines.filter((line) => line.kind !== "-").length;
    const first = lines[0]!;
    const oldStart = oldCount === 0 || first.kind === "+" ? first.oldNumber + (oldCount === 0 ? 0 : 1) : first.oldNumber;
    const newStart = newCount === 0 || first.kind === "-" ? first.newNumber + (newCount === 0 ? 0 : 1) : first.newNumber;
    output.push(`@@ -${range(oldStart, oldCount)} +${range(newStart, newCount)} @@`);
    for (const line of lines) output.push(line.kind + line.text);
    index = end;
  }
  return output;
}

/**
 * A git-style unified diff of one file (`before`/`after` undefined when the file is added/deleted),
 * with 3 lines of context; binary and LFS content shows as "Binary files ... differ".
 */
export function fileDiff(path: string, before: DiffSide | undefined, after: DiffSide | undefined): string {
  const header = [`diff --git a/${path} b/${path}`];
  if (!before) header.push("new file mode 100644");
  if (!after) header.push("deleted file mode 100644");
  header.push(
    `index ${(before?.oid ?? "0".repeat(40)).slice(0, 7)}..${(after?.oid ?? "0".repeat(40)).slice(0, 7)}${before && after ? " 100644" : ""}`,
  );
  const oldName = before ? `a/${path}` : "/dev/null";
  const newName = after ? `b/${path}` : "/dev/null";
  if ((before && before.text === undefined) || (after && after.text === undefined)) {
    return [...header, `Binary files ${oldName} and ${newName} differ`].join("\n") + "\n";
  }
  const script = lineScript(splitLines(before?.text ?? ""), splitLines(after?.text ?? ""));
  const body = hunks(script);
  if (body.length === 0) return header.join("\n") + "\n";
  return [...header, `--- ${oldName}`, `+++ ${newName}`, ...body].join("\n") + "\n";
}
