/** The config `init` writes when there is none: the defaults spelled out, and no rules until the team declares one. */
export function starterConfig(schemaPath: string | null): string {
  const config = {
    ...(schemaPath ? { $schema: `./${schemaPath}` } : {}),
    python: { roots: ['.'] },
    include: ['**/*.py'],
    exclude: ['**/node_modules/**', '**/.venv/**', '**/venv/**', '**/__pycache__/**'],
    typeOnlyImports: 'ignore',
    rules: [],
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}
