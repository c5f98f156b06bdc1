/**
 * The parts of zod the record schema is made of (zod's mini API, whose functions can be left out when
 * unused). The build bundles this file with just these parts (scripts/bundle-zod.mjs): loading all of zod,
 * module by module, cost each thread more time than parsing a folder of a few thousand dumps.
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

// The mini API has no messages of its own: English ones, so that a record that breaks the schema says how.
config(en());

export { array, boolean, describe, enum, int, maximum, minimum, minLength, nonnegative, nullable, regex, strictObject, string, toJSONSchema } from 'zod/mini';
export type { infer } from 'zod/mini';
