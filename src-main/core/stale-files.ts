/** Leftovers of writers that died mid-write: temp names carry the writer's pid, so a live writer's files are left alone. */

/** True while a process with this pid exists (EPERM: it exists but is someone else's). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The writer's pid in a temp name such as `x.f32.<pid>.<hex>.tmp` or `.name.saving-<pid>-<hex>`; undefined when the name has none. */
export function writerPid(name: string): number | undefined {
  const m = /[.-](\d+)[.-][0-9a-f]{8}(?:\.tmp)?$/.exec(name);
  return m ? Number(m[1]) : undefined;
}
