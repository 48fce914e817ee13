/** One entry of a "changed passages only" view: a block to show, or a stretch left out. */
export type Passage = { kind: 'block'; index: number } | { kind: 'gap'; count: number };

/**
 * The blocks to show when only changed passages are wanted: every changed block with `context`
 * blocks before and after it; each stretch left out becomes one gap with its block count. All
 * blocks unchanged: one gap (the caller says "no changes").
 */
export function changedPassages(isChanged: readonly boolean[], context = 1): Passage[] {
  const shown = isChanged.map((_, index) => {
    for (let k = Math.max(0, index - context); k <= Math.min(isChanged.length - 1, index + context); k++) {
      if (isChanged[k]) return true;
    }
    return false;
  });
  const passages: Passage[] = [];
  shown.forEach((isShown, index) => {
    const last = passages.at(-1);
    if (isShown) passages.push({ kind: 'block', index });
    else if (last?.kind === 'gap') last.count += 1;
    else passages.push({ kind: 'gap', count: 1 });
  });
  return passages;
}
