/**
 * CPU time spent by each party during a benchmark phase, read from /proc (Linux), so a
 * throughput ceiling can be explained: the app, PostgreSQL's backends, the load generator.
 */
import { readdir, readFile } from "node:fs/promises";

/** Kernel clock ticks per second for /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** CPU milliseconds (user + system) used so far by every process whose command is `name`. */
export async function cpuOfProcessesNamed(name: string): Promise<number> {
  const pids = (await readdir("/proc").catch(() => [])).filter((entry) => /^\d+$/.test(entry));
  let ticks = 0;
  await Promise.all(
    pids.map(async (pid) => {
      const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
      // "pid (comm) state ppid …": comm may hold spaces, so split after its closing parenthesis.
      const close = stat.lastIndexOf(")");
      if (close < 0 || stat.slice(stat.indexOf("(") + 1, close) !== name) return;
      const fields = stat.slice(close + 2).split(" ");
      // utime and stime are fields 14 and 15 of stat, 12 and 13 after "pid (comm) ".
      ticks += Number(fields[11]) + Number(fields[12]);
    }),
  );
  return (ticks * 1000) / TICKS_PER_SECOND;
}

/** CPU milliseconds (user + system) this process has used so far. */
export function ownCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}
