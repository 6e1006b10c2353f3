// Generates the Python parser from the vendored Lezer grammar
// (src/parse/python/grammar/, see its README) into dist/src/parse/python/grammar/,
// where tsc puts the code that imports it. The grammar is ours to fix, so the
// parser is built from it on every build rather than shipped pre-generated.
//
// A warning from the generator fails the build: an unused rule or an
// ambiguity resolved by accident is how a grammar fix goes wrong silently.
import { buildParserFile } from '@lezer/generator';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const src = 'src/parse/python/grammar';
const out = 'dist/src/parse/python/grammar';

const warnings = [];
const { parser, terms } = buildParserFile(readFileSync(`${src}/python.grammar`, 'utf8'), {
  fileName: `${src}/python.grammar`,
  moduleStyle: 'es',
  warn: (message) => warnings.push(message),
});
if (warnings.length) {
  console.error(warnings.join('\n'));
  process.exit(1);
}
mkdirSync(out, { recursive: true });
writeFileSync(`${out}/parser.js`, parser);
writeFileSync(`${out}/parser.terms.js`, terms);
// The external tokenizers and context tracker the grammar names, beside the parser that imports them.
copyFileSync(`${src}/tokens.js`, `${out}/tokens.js`);
