// Compiles config/schema.json into a standalone validator, dist/src/config/schema-validator.cjs:
// compiling the schema with Ajv at run time cost every one-shot check and hook fallback about
// 50 ms on startup. The schema's sha1 goes in with it, so a validator older than the schema is
// never used (validate-config.ts compiles at run time then).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';

const text = readFileSync('config/schema.json');
const ajv = new Ajv({ allErrors: true, strict: false, code: { source: true } });
const validate = ajv.compile(JSON.parse(text.toString('utf8')));
const sha1 = createHash('sha1').update(text).digest('hex');
writeFileSync('dist/src/config/schema-validator.cjs', `${standaloneCode(ajv, validate)}\nmodule.exports.schemaSha1 = ${JSON.stringify(sha1)};\n`);
