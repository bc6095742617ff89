/**
 * Starting and talking to bench/support/server-process.ts from a benchmark: fork it, learn its
 * port, ask it questions over IPC (one answer per question, matched by id), stop or kill it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SERVER = fileURLToPath(new URL('./server-process.ts', import.meta.url));

export interface BenchServer {
  child: ChildProcess;
  port: number;
  /** Sends a command and resolves with the process's answer (rejects on an `error` answer). */
  ask<T>(command: Record<string, unknown> & { cmd: string }): Promise<T>;
  /** Ends the process politely (SIGTERM) and waits for it. */
  stop(): Promise<void>;
  /** Ends it at once (SIGKILL), e.g. when it is stuck in a request that timed out. */
  kill(): Promise<void>;
}

/** Forks the server process with `args` ('app <db>' or 'raw <file>') and waits until it listens. */
export function startServer(args: string[], execArgv: string[] = []): Promise<BenchServer> {
  return new Promise((resolve, reject) => {
    const child = fork(SERVER, args, { execArgv: ['--import', 'tsx', ...execArgv], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let nextId = 1;
    const waiting = new Map<number, { resolve: (v: never) => void; reject: (e: Error) => void }>();
    const onExit = (code: number | null, signal: string | null) => {
      for (const w of waiting.values()) w.reject(new Error(`server exited (${code ?? signal})`));
      waiting.clear();
    };
    child.on('exit', onExit);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before it listened`)));
    const ended = () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', () => done());
      });
    child.once('message', (m) => {
      child.removeAllListeners('error');
      child.on('message', (answer: { id: number; error?: string }) => {
        const w = waiting.get(answer.id);
        if (!w) return;
        waiting.delete(answer.id);
        if (answer.error) w.reject(new Error(`server: ${answer.error}`));
        else w.resolve(answer as never);
      });
      resolve({
        child,
        port: (m as { port: number }).port,
        ask: <T>(command: Record<string, unknown> & { cmd: string }) =>
          new Promise<T>((res, rej) => {
            const id = nextId++;
            waiting.set(id, { resolve: res as (v: never) => void, reject: rej });
            child.send({ id, ...command });
          }),
        async stop() {
          child.removeAllListeners('exit');
          child.on('exit', onExit);
          const done = ended();
          child.kill('SIGTERM');
          await done;
        },
        async kill() {
          const done = ended();
          child.kill('SIGKILL');
          await done;
        },
      });
    });
  });
}
