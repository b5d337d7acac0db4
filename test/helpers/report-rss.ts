// Loaded with --import before the scratchnet command in a child process: at exit, writes the
// process's peak resident memory (KiB) to the file named by RSS_REPORT, leaving stdout and stderr as
// the command wrote them.
import { writeFileSync } from 'node:fs';

const report = process.env.RSS_REPORT;
if (report !== undefined) {
  process.on('exit', () => writeFileSync(report, String(process.resourceUsage().maxRSS)));
}
