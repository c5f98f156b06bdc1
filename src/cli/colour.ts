import { type Command, InvalidArgumentError, Option } from 'commander';

/** `--color auto|always|never`. */
export type ColourChoice = 'auto' | 'always' | 'never';
const CHOICES: readonly ColourChoice[] = ['auto', 'always', 'never'];

/**
 * The `--color` option. A subcommand's has no default, so `postdump --color never check` holds unless
 * `check --color` says otherwise (see {@link chosenColour}).
 */
export function colourOption(defaultChoice?: ColourChoice): Option {
  const option = new Option('--color <when>', 'colour messages: auto (on a terminal), always or never').argParser((text: string) => {
    const choice = text.toLowerCase();
    if (!(CHOICES as readonly string[]).includes(choice)) throw new InvalidArgumentError('choose auto, always or never');
    return choice as ColourChoice;
  });
  return defaultChoice ? option.default(defaultChoice) : option;
}

/** A subcommand's `--color`, else the one given before the subcommand's name. */
export function chosenColour(command: Command): ColourChoice {
  return (command.opts().color ?? command.parent?.opts().color ?? 'auto') as ColourChoice;
}

/**
 * Whether to colour text written to a stream. In order: `--color always|never` wins; then `NO_COLOR`
 * (set and not empty) turns colour off and `FORCE_COLOR` turns it on (`0` and `false` off), even into a
 * pipe, for CI logs; otherwise colour only on a terminal whose `TERM` is not `dumb`.
 *
 * Decided here, not by chalk's detection (its supports-color): that runs when chalk is imported, so it cannot
 * say whether to import chalk; it reads the process's own env, argv and streams, not the ones given; and it
 * answers otherwise than these rules (no NO_COLOR; off on a terminal in CI or with an unknown TERM).
 */
export function wantsColour(choice: ColourChoice, stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (choice !== 'auto') return choice === 'always';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR.toLowerCase() !== 'false';
  return stream.isTTY === true && env.TERM !== 'dumb';
}
