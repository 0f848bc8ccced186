/**
 * A mistake in how a command was called (a flag, its value, a combination of flags). Every cwagg CLI
 * reports it the same way: one line naming the flag and the reason, a pointer to --help, exit code 2.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}
