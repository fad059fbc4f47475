/**
 * Editor drafts live in sessionStorage under this prefix (pages/metric-edit/model.ts draftKey). They are
 * one user's unsaved work: sign-out removes them, so the next person on this tab finds none. Kept here,
 * apart from the editor's chunk, so the shell can clear them without loading the editor.
 */
export const DRAFT_PREFIX = 'mdl:metric-draft:';

export function clearAllDrafts(store: Storage = sessionStorage): void {
  try {
    for (const key of Object.keys(store)) if (key.startsWith(DRAFT_PREFIX)) store.removeItem(key);
  } catch {
    // Disabled storage holds no draft.
  }
}
