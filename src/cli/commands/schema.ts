import type { Command } from 'commander';
import type { Writable } from 'node:stream';
import { chosenColour, colourOption } from '../colour.js';
import { EXIT } from '../exit-codes.js';
import { describeFsError } from '../../sources/fs-error.js';
import { paletteFor } from '../paint.js';
import { Reporter } from '../report.js';
import { streamSink } from '../../sinks/target/stream.js';
import { writeFileAtomically } from '../../sinks/target/write-file.js';

export interface SchemaIo {
  readonly stdout: Writable;
  readonly stderr: Writable & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
}

/** `postdump schema [-o FILE]`: prints (or writes) the record's JSON Schema. A subcommand of `program`, so it shares its settings. */
export function addSchemaCommand(program: Command, io: SchemaIo, done: (code: number) => void): void {
  program
    .command('schema')
    .description("print the record's JSON Schema (draft 2020-12), as in schema/record.schema.json")
    .option('-o, --output <file>', 'write it to this file (atomically) instead of stdout')
    .addOption(colourOption())
    .action(async (options: { output?: string }, command: Command) => {
      // zod is loaded by this command only: a conversion never needs it.
      const { recordJsonSchemaText } = await import('../../pipeline/record/json-schema.js');
      if (options.output === undefined) {
        const sink = streamSink(io.stdout);
        await sink.write(recordJsonSchemaText());
        await sink.close();
        return;
      }
      try {
        await writeFileAtomically(options.output, recordJsonSchemaText());
      } catch (error) {
        const reporter = new Reporter(io.stderr, await paletteFor(chosenColour(command), io.stderr, io.env));
        reporter.error({ source: options.output }, `cannot write the schema: ${describeFsError(error)}`);
        done(EXIT.failed);
      }
    });
}
