import { fileKindOf, languageOf, type ScriptKind } from '../../model/index.js';

export type { ScriptKind };

/** How a script is parsed, from its name (model/file-kind.ts); null for anything else. */
export function scriptKindOf(path: string): ScriptKind | null {
  const kind = fileKindOf(path);
  return languageOf(kind) === 'script' ? (kind as ScriptKind) : null;
}
