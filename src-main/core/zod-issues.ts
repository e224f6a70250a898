/** How a failed zod validation reads to a person: every surface (api, CLI, worker, model store) words it the same. */
import type { z } from 'zod';

/** `field: rule; field: rule` for the first few issues; `fieldName` renames a path (e.g. a CLI flag for a settings field). */
export function describeZodIssues(error: z.ZodError, fieldName: (path: string) => string = (p) => p, max = 5): string {
  const lines = error.issues.map((i) => `${fieldName(i.path.length ? i.path.join('.') : '(value)')}: ${i.message}`);
  // Two fields shown under one name (the CLI's --seed seeds the split too) would repeat a line.
  return [...new Set(lines)].slice(0, max).join('; ');
}

/**
 * The same issues worded as sentences for someone using the app: "The corpus folder must not be
 * empty." `words` names each field in plain words (unknown fields keep their path).
 */
export function describeZodIssuesForPeople(error: z.ZodError, words: (path: string) => string | undefined, max = 3): string {
  const lines = error.issues.map((i) => {
    const path = i.path.join('.');
    const subject = path ? (words(path) ?? path) : '';
    const sentence = subject ? `${subject} ${i.message}` : i.message;
    return sentence.charAt(0).toUpperCase() + sentence.slice(1);
  });
  return [...new Set(lines)].slice(0, max).join('. ') + '.';
}
