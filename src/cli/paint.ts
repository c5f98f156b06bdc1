/** A style for text on a terminal: the text itself when colour is off. */
export type Style = (text: string) => string;

/** The few styles postdump uses, in the 16 basic colours (what every colour terminal has). */
export interface Palette {
  readonly red: Style;
  readonly yellow: Style;
  readonly green: Style;
  readonly dim: Style;
  readonly boldRed: Style;
}

const PLAIN: Style = (text) => text;

/**
 * Each line of the text styled on its own (as chalk does), so that a line read alone, or a pager that
 * redraws one line, still ends the style it opened.
 */
const style =
  (open: string, close: string): Style =>
  (text) =>
    text === '' ? text : `${open}${text.replace(/\r?\n/g, (end) => `${close}${end}${open}`)}${close}`;

export function palette(colour: boolean): Palette {
  if (!colour) return { red: PLAIN, yellow: PLAIN, green: PLAIN, dim: PLAIN, boldRed: PLAIN };
  return {
    red: style('\u001b[31m', '\u001b[39m'),
    yellow: style('\u001b[33m', '\u001b[39m'),
    green: style('\u001b[32m', '\u001b[39m'),
    dim: style('\u001b[2m', '\u001b[22m'),
    boldRed: style('\u001b[31m\u001b[1m', '\u001b[22m\u001b[39m'),
  };
}
