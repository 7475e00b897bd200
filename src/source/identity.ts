import type { Stats } from "node:fs";

/**
 * "dev:ino:birth", what identifies a file whatever its name. The inode number alone does not:
 * ext4 hands a freed number to the next new file at once, and a new file taken for one already
 * read would be skipped. Its birth time tells them apart (statx; on a file system without one
 * it is 0 and the number alone is left).
 */
export function identityOf(st: Stats): string {
  return `${st.dev}:${st.ino}:${st.birthtimeMs}`;
}
