import type { z } from 'zod';
import type { FieldIssue } from './errors.js';

/** Renders a path like `metrics[3].definition.unit` (numbers as indexes). */
export function formatPath(path: ReadonlyArray<PropertyKey>, prefix = ''): string {
  let out = prefix;
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? String(seg) : `.${String(seg)}`;
  }
  return out === '' ? '(root)' : out;
}

/** Zod issues → stable field issues; unknown keys get one issue each, with their full path. */
export function zodIssues(error: z.ZodError, prefix = ''): FieldIssue[] {
  return issuesOf(error.issues, [], prefix);
}

type Issue = z.core.$ZodIssue;

/**
 * A union whose value has the type of exactly one option (text or a free object) failed inside that
 * option: its issues say what is wrong and where (`filters[1].a[0]: nested deeper…`), not "Invalid input".
 */
function matchedOption(issue: Issue): Issue[] | undefined {
  if (issue.code !== 'invalid_union' || !('errors' in issue)) return undefined;
  const typed = issue.errors.filter((option) => !option.every((i) => i.code === 'invalid_type' && i.path.length === 0));
  return typed.length === 1 ? typed[0] : undefined;
}

function issuesOf(issues: readonly Issue[], base: PropertyKey[], prefix: string): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const raw of issues) {
    const issue = { ...raw, path: [...base, ...raw.path] } as Issue;
    const inner = matchedOption(raw);
    if (inner) {
      out.push(...issuesOf(inner, issue.path, prefix));
    } else if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: formatPath([...issue.path, key], prefix), message: 'unknown field (put custom fields under "extensions")' });
    } else {
      out.push({ path: formatPath(issue.path, prefix), message: issue.message });
    }
  }
  return out;
}
