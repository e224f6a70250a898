/**
 * Start-up repair of the model store after a crash: a process killed between installFolder's two
 * renames leaves the model missing beside a hidden `.name.old-…` (the previous model) and a
 * `.name.saving-…` (the new one); other kills leave half-written hidden folders. Leftovers of
 * processes that still run are not touched.
 */
import { readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { processAlive } from '../stale-files';
import { readModelMeta } from './store-folder';

const LEFTOVER = /^\.(.+)\.(saving|old|deleting|importing)-(\d+)-[0-9a-f]{8}$/;
const INTERRUPTED: Record<string, string> = { saving: 'save', old: 'replace', deleting: 'delete', importing: 'import' };
const META_TEMP = /^\.meta\.json\.renaming-(\d+)-[0-9a-f]{8}$/;

/** Recovers or removes what interrupted saves, deletes, imports and renames left in `root`; returns one line per action. */
export async function recoverModelStore(root: string, alive: (pid: number) => boolean = processAlive): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  const actions: string[] = [];
  const leftovers = new Map<string, { name: string; kind: string }[]>();
  for (const e of entries) {
    const m = LEFTOVER.exec(e.name);
    if (!m || alive(Number(m[3]))) continue;
    leftovers.set(m[1], [...(leftovers.get(m[1]) ?? []), { name: e.name, kind: m[2] }]);
  }
  for (const [target, found] of leftovers) {
    const targetDir = join(root, target);
    if (!(await stat(targetDir).catch(() => undefined))) {
      // Killed between the renames: the complete new copy wins, else the previous model comes back.
      const candidates = [...found.filter((f) => f.kind === 'saving'), ...found.filter((f) => f.kind === 'old')];
      for (const c of candidates) {
        if (
          !(await readModelMeta(join(root, c.name)).then(
            () => true,
            () => false,
          ))
        )
          continue;
        await rename(join(root, c.name), targetDir);
        actions.push(`restored ${target} from ${c.kind === 'saving' ? 'its completed save' : 'its previous version'}`);
        found.splice(found.indexOf(c), 1);
        break;
      }
    }
    for (const f of found) {
      await rm(join(root, f.name), { recursive: true, force: true });
      actions.push(`removed ${f.name} (left by an interrupted ${INTERRUPTED[f.kind]})`);
    }
  }
  for (const e of entries) {
    if (!e.isDirectory() || e.name.startsWith('.')) continue;
    for (const inner of await readdir(join(root, e.name)).catch(() => [] as string[])) {
      const m = META_TEMP.exec(inner);
      if (!m || alive(Number(m[1]))) continue;
      await rm(join(root, e.name, inner), { force: true });
      actions.push(`removed ${e.name}/${inner} (left by an interrupted rename)`);
    }
  }
  return actions;
}
