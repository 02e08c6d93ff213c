import { Worker } from "node:worker_threads";

/** What a service thread answers to a `call`: its fields, or the error it met (`message`, `code`). */
export interface ServiceReply {
  [field: string]: unknown;
  /** Set when the request failed. */
  error?: Error;
}

/**
 * One worker thread shared by every download of the process, started on first use: a thread per
 * file would cost ~9 MiB of memory each (8 large files in flight: +150 MiB). The source runs in the
 * worker and answers each message that has an `id` with `{ id, ...fields }`, or with
 * `{ id, message, code }` when it failed; messages without an `id` get no answer. The thread keeps
 * the process alive only while an answer is awaited. If it dies, the awaited calls fail and the next
 * message starts a new one.
 */
export class ThreadService {
  readonly #source: string;
  #worker: Worker | undefined;
  #unavailable = false;
  readonly #pending = new Map<number, (reply: ServiceReply) => void>();
  #nextId = 0;

  constructor(source: string) {
    this.#source = source;
  }

  /** Whether the runtime can start the thread (Node can; runtimes without `eval` workers cannot). */
  available(): boolean {
    return this.#start() !== undefined;
  }

  /** Sends `message` and calls `onReply` with the answer (or the error that ended the thread). */
  call(message: Record<string, unknown>, onReply: (reply: ServiceReply) => void): void {
    const worker = this.#start();
    if (!worker) return onReply({ error: new Error("No worker thread in this runtime") });
    const id = this.#nextId++;
    this.#pending.set(id, onReply);
    if (this.#pending.size === 1) worker.ref();
    worker.postMessage({ ...message, id });
  }

  /** Sends `message`, expecting no answer. */
  send(message: Record<string, unknown>): void {
    this.#start()?.postMessage(message);
  }

  #start(): Worker | undefined {
    if (this.#worker || this.#unavailable) return this.#worker;
    let worker: Worker;
    try {
      worker = new Worker(this.#source, { eval: true });
    } catch {
      this.#unavailable = true;
      return undefined;
    }
    worker.unref();
    worker.on("message", ({ id, message, code, ...fields }: { id: number; message?: string; code?: string }) => {
      const onReply = this.#pending.get(id);
      this.#pending.delete(id);
      if (this.#pending.size === 0) worker.unref();
      onReply?.(message === undefined ? fields : { error: Object.assign(new Error(message), { code }) });
    });
    const fail = (error: Error) => {
      if (this.#worker !== worker) return;
      this.#worker = undefined;
      const callbacks = [...this.#pending.values()];
      this.#pending.clear();
      for (const onReply of callbacks) onReply({ error });
    };
    worker.once("error", fail);
    worker.once("exit", (code) => fail(new Error(`The worker thread exited (${code})`)));
    this.#worker = worker;
    return worker;
  }
}
