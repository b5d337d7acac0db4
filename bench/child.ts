/**
 * The orchestrator's end of one system's process: spawn, send a request, wait for its reply line.
 * Requests go one at a time, so a reply always answers the request before it.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { REPLY_MARKER, parseReply, type Reply, type Request } from './protocol.js';

/** How much of a child's other output to keep for an error message. */
const LOG_LINES = 30;
/** Longer than any single request takes (tfjs-cpu's whole W2 epoch with --tfjs-cpu-full is a few minutes). */
const REQUEST_TIMEOUT_MS = 30 * 60 * 1000;

export interface ChildOptions {
  command: string;
  args: string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
}

export class SystemProcess {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly log: string[] = [];
  private pending: { resolve: (reply: Reply) => void; reject: (error: Error) => void } | null = null;
  private exited: string | null = null;

  constructor(options: ChildOptions) {
    this.child = spawn(options.command, options.args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: 'pipe',
    });
    const keep = (line: string): void => {
      this.log.push(line);
      if (this.log.length > LOG_LINES) this.log.shift();
    };
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      if (!line.startsWith(REPLY_MARKER)) return keep(line);
      const pending = this.pending;
      this.pending = null;
      if (pending === null) return keep(`unexpected reply: ${line}`);
      try {
        pending.resolve(parseReply(line.slice(REPLY_MARKER.length)));
      } catch (error) {
        pending.reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    createInterface({ input: this.child.stderr }).on('line', keep);
    const fail = (why: string): void => {
      this.exited ??= why;
      const pending = this.pending;
      this.pending = null;
      pending?.reject(new Error(`${why}${this.log.length > 0 ? `\n${this.log.join('\n')}` : ''}`));
    };
    this.child.on('error', (error) => fail(error.message));
    this.child.on('exit', (code, signal) => fail(`the process exited (${signal ?? `code ${code}`})`));
    // A child that dies between requests must not take the orchestrator down with EPIPE.
    this.child.stdin.on('error', () => undefined);
  }

  /** Sends one request and resolves with its result; rejects with the system's error or exit. */
  async request(request: Request): Promise<unknown> {
    if (this.exited !== null) throw new Error(this.exited);
    if (this.pending !== null) throw new Error('a request is already in flight');
    let timer: NodeJS.Timeout | undefined;
    const reply = await new Promise<Reply>((resolve, reject) => {
      this.pending = { resolve, reject };
      timer = setTimeout(() => {
        // A hung system must not hang the benchmark: it is dropped, and the others go on.
        this.child.kill();
        reject(new Error(`no reply to ${request.op} within ${REQUEST_TIMEOUT_MS / 60000} minutes`));
      }, REQUEST_TIMEOUT_MS);
      this.child.stdin.write(`${JSON.stringify(request)}\n`);
    }).finally(() => clearTimeout(timer));
    if (!reply.ok) throw new Error(reply.error);
    return reply.result;
  }

  /** Asks the system to quit, and kills it if it has not exited shortly after. */
  async close(): Promise<void> {
    if (this.exited !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    try {
      await Promise.race([this.request({ op: 'quit' }), new Promise((resolve) => setTimeout(resolve, 2000))]);
    } catch {
      // Already gone: nothing to ask.
    }
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill(), 3000);
    await exited;
    clearTimeout(timer);
  }
}
