/** A file-system error in a few words for one-line messages ("no such file or directory"). */
export function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT" || code === "ENOTDIR") return "no such file or directory";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  return (err as Error).message;
}
