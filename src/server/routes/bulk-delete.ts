/** @module `POST /<resource>/bulk_delete`, built on the store's single-row delete. */

/**
 * Deletes each id in turn and returns those that existed. Sequential on purpose: the list is
 * capped at 200 ids by the schema, and SQLite has one writer anyway.
 */
export async function deleteEach(
  ids: readonly string[],
  remove: (id: string) => Promise<boolean>,
): Promise<{ deleted: string[] }> {
  const deleted: string[] = [];
  for (const id of ids) {
    if (await remove(id)) deleted.push(id);
  }
  return { deleted };
}
