import type { Command } from 'commander';
import type { Writable } from 'node:stream';
import { recordJsonSchemaText } from '../../record/json-schema.js';
import { streamSink } from '../sink.js';

/** `postdump schema`: prints the record's JSON Schema. A subcommand of `program`, so it shares its settings. */
export function addSchemaCommand(program: Command, stdout: Writable): void {
  program
    .command('schema')
    .description("print the record's JSON Schema (draft 2020-12), as in schema/record.schema.json")
    .action(async () => {
      const sink = streamSink(stdout);
      await sink.write(recordJsonSchemaText());
      await sink.close();
    });
}
