import { type ColourChoice, wantsColour } from './colour.js';

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

const same: Style = (text) => text;
export const PLAIN: Palette = { red: same, yellow: same, green: same, dim: same, boldRed: same };

/**
 * The styles, by chalk (which styles each line of a multi-line text on its own), or {@link PLAIN}. chalk is
 * imported only here, when colour is on: a run that colours nothing does not load it, and starts sooner.
 */
export async function palette(colour: boolean): Promise<Palette> {
  if (!colour) return PLAIN;
  const { Chalk } = await import('chalk');
  // A level, not chalk's own detection: colour.ts has decided. Level 1: the 16 basic colours.
  const chalk = new Chalk({ level: 1 });
  return { red: chalk.red, yellow: chalk.yellow, green: chalk.green, dim: chalk.dim, boldRed: chalk.red.bold };
}

/** The palette for text written to this stream, by the rules of {@link wantsColour}. */
export function paletteFor(choice: ColourChoice, stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): Promise<Palette> {
  return palette(wantsColour(choice, stream, env));
}
