const UNITS: Record<string, number> = { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** "65536", "64k", "64KiB", "50MiB", "1GB" as bytes (units of 1,024); null if not a size. */
export function parseSize(text: string): number | null {
  const m = /^(\d+)\s*(?:([kmg])(?:i?b)?)?$/i.exec(text.trim());
  if (m === null) return null;
  return Number(m[1]) * (UNITS[(m[2] ?? "").toLowerCase()] ?? 1);
}
