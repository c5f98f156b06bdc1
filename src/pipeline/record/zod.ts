/**
 * The parts of zod the record schema is made of (zod's mini API, whose functions can be left out when
 * unused). The build bundles this file with just these parts (scripts/bundle-zod.mjs): loading all of zod,
 * module by module, cost each thread more time than parsing a folder of a few thousand dumps.
 */
import { config, never, type ZodMiniObject, ZodMiniType } from 'zod/mini';
import { $constructor, $ZodObjectJIT, type $ZodShape, type $strict } from 'zod/v4/core';
import en from 'zod/v4/locales/en.js';

// The mini API has no messages of its own: English ones, so that a record that breaks the schema says how.
config(en());

export { array, boolean, enum, globalRegistry, type ZodMiniType, int, maximum, minimum, minLength, nonnegative, nullable, regex, string, toJSONSchema } from 'zod/mini';
export type { infer } from 'zod/mini';

/**
 * The mini API's object, made with the object parser that zod compiles for the shape (the one its full
 * API uses), which checks a record about twice as fast: every record is checked, and the mini API leaves
 * that parser out only to be small.
 */
const ZodMiniObjectJIT = $constructor('ZodMiniObjectJIT', (inst: ZodMiniObject, def: ZodMiniObject['_zod']['def']) => {
  $ZodObjectJIT.init(inst, def);
  ZodMiniType.init(inst, def);
  Object.defineProperty(inst, 'shape', { value: def.shape, enumerable: false });
});

/** An object with these keys and no other (the mini API's `strictObject`). */
export function strictObject<const T extends $ZodShape>(shape: T): ZodMiniObject<T, $strict> {
  return new ZodMiniObjectJIT({ type: 'object', shape, catchall: never() }) as unknown as ZodMiniObject<T, $strict>;
}
