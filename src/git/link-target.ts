import { asRepoPath, type RepoPath } from '../model/index.js';

/** Where a symbolic link's text leads, read as the OS reads it from the link's directory; null when that is outside the repository. */
export function linkTarget(link: RepoPath, text: string): RepoPath | null {
  // An absolute target names something outside the repository, whatever the checkout's location.
  if (text.startsWith('/') || text === '') return null;
  const parts = link.split('/');
  parts.pop();
  for (const part of text.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (!parts.length) return null;
      parts.pop();
    } else parts.push(part);
  }
  return parts.length ? asRepoPath(parts.join('/')) : null;
}
