/** A run that cannot start as asked (bad option, unreadable input): its one-line message and exit status. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}
