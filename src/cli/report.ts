import type { Writable } from 'node:stream';
import { escapeControls } from '../text/escape-controls.js';
import type { Palette } from './paint.js';

/** What a message is about: an input (maybe a line in it), or nothing in particular. */
export interface Place {
  readonly source?: string | null;
  readonly line?: number | null;
}

/**
 * `postdump: path/to/file.txt:12: message`. Paths and messages carry input-derived text (file names,
 * scraped values), so their control characters are escaped: a message is one line that cannot act on the terminal.
 */
export function formatMessage(place: Place, message: string): string {
  const where = place.source ? `${place.source}${place.line ? `:${place.line}` : ''}: ` : '';
  return `postdump: ${escapeControls(`${where}${message}`)}`;
}

/**
 * Writes messages for people to stderr, in the palette it is given: plain, or coloured (see paint.ts and
 * colour.ts: the caller decides, and loads the colours before the run, so messages are written in order).
 */
export class Reporter {
  constructor(
    private readonly stream: Writable,
    private readonly paint: Palette,
  ) {}

  error(place: Place, message: string): void {
    this.write(this.paint.red(formatMessage(place, message)));
  }

  warning(place: Place, message: string): void {
    this.write(this.paint.yellow(formatMessage(place, `warning: ${message}`)));
  }

  info(message: string): void {
    this.write(this.paint.dim(formatMessage({}, message)));
  }

  /** A bug in postdump: the message and the stack, so it can be reported. */
  bug(place: Place, error: Error): void {
    this.write(this.paint.red(formatMessage(place, `internal error (a bug in postdump, please report it): ${error.message}`)));
    if (error.stack) this.write(this.paint.dim(error.stack));
  }

  /** While a progress bar is drawn, messages go through it, so they print above the bar; null ends that. */
  redirect(write: ((text: string) => void) | null): void {
    this.redirected = write;
  }

  private redirected: ((text: string) => void) | null = null;

  private write(line: string): void {
    (this.redirected ?? ((text: string) => this.stream.write(text)))(`${line}\n`);
  }
}
