/** One column of a table: its header and how to read a cell from a row. */
export interface Column<Row> {
  header: string;
  value: (row: Row) => unknown;
}

/** Formats rows as aligned text columns (no colours, safe to pipe). */
export function formatTable<Row>(rows: readonly Row[], columns: readonly Column<Row>[]): string {
  const cells = rows.map((row) => columns.map((column) => cellText(column.value(row))));
  const widths = columns.map((column, index) => Math.max(column.header.length, ...cells.map((line) => line[index]!.length)));
  const format = (line: readonly string[]) =>
    line
      .map((cell, index) => (index === line.length - 1 ? cell : cell.padEnd(widths[index]!)))
      .join("  ")
      .trimEnd();
  return [format(columns.map((column) => column.header.toUpperCase())), ...cells.map(format)].join("\n");
}

/** Prints rows as a table on stdout, or a short note when there are none. */
export function printTable<Row>(rows: readonly Row[], columns: readonly Column<Row>[], empty = "(none)"): void {
  process.stdout.write(`${rows.length === 0 ? empty : formatTable(rows, columns)}\n`);
}

/** Prints `key: value` lines, skipping empty values. */
export function printFields(fields: Record<string, unknown>): void {
  const entries = Object.entries(fields).filter(([, value]) => value !== undefined && value !== null && value !== "");
  const width = Math.max(0, ...entries.map(([key]) => key.length));
  process.stdout.write(entries.map(([key, value]) => `${`${key}:`.padEnd(width + 1)} ${cellText(value)}`).join("\n") + "\n");
}

function cellText(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (value instanceof Date) return value.toISOString().replace(/\.\d{3}Z$/, "Z");
  if (Array.isArray(value)) return value.map(cellText).join(",");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value).replace(/\s*\n\s*/g, " ");
}
