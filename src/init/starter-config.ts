/**
 * The config `init` writes when there is none: the defaults spelled out, and
 * no rules until the team declares one. `include` is left out: by default it
 * follows the languages the rules name, so a TypeScript rule added later is
 * not silently starved by a Python-only list.
 */
export function starterConfig(schemaPath: string | null): string {
  const config = {
    ...(schemaPath ? { $schema: `./${schemaPath}` } : {}),
    python: { roots: ['.'] },
    exclude: ['**/node_modules/**', '**/.venv/**', '**/venv/**', '**/__pycache__/**'],
    typeOnlyImports: 'ignore',
    rules: [],
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}
