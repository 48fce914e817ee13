/**
 * What an import could not keep as it was, by kind, with counts: the importer is told, nothing is
 * dropped silently. Keys are plain phrases ("image", "table", "inline code kept as text").
 */
export class ImportReport {
  private readonly counts = new Map<string, number>();

  add(kind: string, count = 1): void {
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + count);
  }

  toJSON(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
  }
}
