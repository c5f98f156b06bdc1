// `node --import ./log-loads.mjs ...`: appends the URL of each ES module Node loads to the file LOG_LOADS
// names, so a test can tell which packages a run loaded.
import { register } from 'node:module';

register('./log-loads-hooks.mjs', import.meta.url, { data: process.env.LOG_LOADS });
