const UNITS = ["B", "kB", "MB", "GB", "TB"];

/** Bytes in decimal units, as the Hub shows them: `52.4 MB`. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value >= 100 ? 0 : 1)} ${UNITS[unit]}`;
}

/** A duration in seconds as `4s`, `1m05s` or `2h03m`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "--";
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole}s`;
  if (whole < 3600) return `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, "0")}s`;
  return `${Math.floor(whole / 3600)}h${String(Math.floor((whole % 3600) / 60)).padStart(2, "0")}m`;
}

/** How long ago `date` was, in words: `just now`, `5 minutes ago`, `3 days ago`. */
export function formatAge(date: Date, now: number = Date.now()): string {
  const seconds = Math.max(0, (now - date.getTime()) / 1000);
  if (!Number.isFinite(seconds)) return "unknown";
  if (seconds < 60) return "just now";
  const units: [number, string][] = [
    [365 * 86_400, "year"],
    [30 * 86_400, "month"],
    [7 * 86_400, "week"],
    [86_400, "day"],
    [3_600, "hour"],
    [60, "minute"],
  ];
  const [size, unit] = units.find(([length]) => seconds >= length)!;
  const count = Math.floor(seconds / size);
  return `${count} ${unit}${count === 1 ? "" : "s"} ago`;
}
