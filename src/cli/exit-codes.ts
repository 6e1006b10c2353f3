/** DESIGN.md exit codes. */
export const EXIT = { ok: 0, violations: 1, usage: 2, internal: 3 } as const;

/** Bad arguments or configuration: exit 2 with the message, no stack. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.usage,
    /** Bad arguments deserve the usage text (the command's own, when given); a bad config file does not. */
    readonly showUsage: boolean | string = false,
  ) {
    super(message);
  }
}
