import { readFileSync } from "node:fs";

/**
 * The process's open-file limit (the soft one, from /proc on Linux; 1024, the usual default,
 * elsewhere), so that listeners can leave the descriptors reading needs (a log reopened after
 * its rotation) however many clients come.
 */
export function openFileLimit(): number {
  try {
    const m = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync("/proc/self/limits", "utf8"));
    if (m !== null) return m[1] === "unlimited" ? Infinity : Number(m[1]);
  } catch {
    // Not Linux.
  }
  return 1024;
}
