/** Exit codes, as documented in the README. */
export const EXIT = {
  /** Every input gave records (and, with --strict, none carries warnings). */
  ok: 0,
  /** An input gave no records or could not be read, the output could not be written, or --strict saw warnings. */
  failed: 1,
  /** Bad usage: unknown option, unknown format, no input on a terminal. */
  usage: 2,
  /** A bug in postdump: the message comes with a stack trace. */
  bug: 3,
} as const;
