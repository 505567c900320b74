/**
 * A mistake in the command line itself (an unknown word, a missing option, an unreadable
 * file), as opposed to a keystore failure, which arrives as a BusinessError with a HUKS code.
 * main.ts prints it as `error: <message>` and exits with status 2.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
