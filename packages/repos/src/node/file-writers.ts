import { write } from "node:fs";
import { ThreadService } from "./thread-service.ts";

/** A positional write with a completion callback: `length` bytes of `buffer` at file position `position`. */
export type PositionalWrite = (buffer: Buffer, length: number, position: number, done: (error: Error | null) => void) => void;

/**
 * Writes into one file descriptor, one write at a time in the order asked, each buffer in pieces of
 * at most `pieceBytes` (see `WRITE_PIECE`). Buffered writes to one file serialise on its inode lock
 * in the kernel: concurrent `pwrite`s only spin there (2 in flight spent about 0.1 s of CPU per
 * 512 MiB spinning, 16 in flight tripled the system time).
 */
export interface FileWriter {
  write: PositionalWrite;
  /** Resolves once every queued write is done (callbacks run) and the writer is released; the descriptor may then be closed. */
  close(): Promise<void>;
}

/** Resolves when `isIdle()` holds, checked after each completed write (`notify`). */
function idleWaiter(isIdle: () => boolean): { notify(): void; wait(): Promise<void> } {
  const waiters: Array<() => void> = [];
  return {
    notify() {
      if (isIdle()) for (const resolve of waiters.splice(0)) resolve();
    },
    wait() {
      return isIdle() ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve));
    },
  };
}

/** A `FileWriter` over Node's thread pool (`fs.write`): a round trip per piece, so use larger pieces. */
export function poolWriter(fd: number, pieceBytes: number): FileWriter {
  const queue: Array<[Buffer, number, number, (error: Error | null) => void]> = [];
  let running = false;
  const idle = idleWaiter(() => !running && queue.length === 0);
  const pump = () => {
    if (running || queue.length === 0) return;
    const [buffer, length, position, done] = queue.shift()!;
    running = true;
    let offset = 0;
    const next = (error: Error | null) => {
      if (error || offset >= length) {
        running = false;
        pump();
        done(error);
        return idle.notify();
      }
      const at = offset;
      // A short write (allowed, if rare, for regular files) continues where it stopped.
      write(fd, buffer, at, Math.min(pieceBytes, length - at), position + at, (failure, written) => {
        offset = at + (written ?? 0);
        next(failure);
      });
    };
    next(null);
  };
  return {
    write(buffer, length, position, done) {
      queue.push([buffer, length, position, done]);
      pump();
    },
    close: () => idle.wait(),
  };
}

// The writer thread: each buffer is written with synchronous `pwrite`s of at most `pieceBytes`, in
// the order received, straight from the shared memory the socket was read into.
const writerThread = new ThreadService(`
const { parentPort } = require("node:worker_threads");
const { writeSync } = require("node:fs");
parentPort.on("message", ({ id, fd, pieceBytes, memory, offset, length, position }) => {
  const bytes = new Uint8Array(memory, offset, length);
  try {
    for (let done = 0; done < length; ) {
      done += writeSync(fd, bytes, done, Math.min(pieceBytes, length - done), position + done);
    }
    parentPort.postMessage({ id });
  } catch (error) {
    parentPort.postMessage({ id, message: String(error && error.message), code: error && error.code });
  }
});
`);

/**
 * A `FileWriter` on the process's writer thread (shared by every download: writes of all files go
 * one at a time, in order): a synchronous `pwrite` there costs a few microseconds where a write
 * through the thread pool costs a round trip, so pieces can be as small as the page cache wants them
 * (`WRITE_PIECE`). Buffers over a `SharedArrayBuffer` (what `fetchRawRange` reads sockets into) reach
 * the thread without a copy; any other is copied into one. `undefined` where the runtime cannot start
 * the thread.
 */
export function threadWriter(fd: number, pieceBytes: number): FileWriter | undefined {
  if (!writerThread.available()) return undefined;
  let pending = 0;
  const idle = idleWaiter(() => pending === 0);
  return {
    write(buffer, length, position, done) {
      let view: Uint8Array = buffer;
      if (!(view.buffer instanceof SharedArrayBuffer)) {
        view = new Uint8Array(new SharedArrayBuffer(length));
        view.set(buffer.subarray(0, length));
      }
      pending++;
      writerThread.call({ fd, pieceBytes, memory: view.buffer, offset: view.byteOffset, length, position }, ({ error }) => {
        pending--;
        done(error ?? null);
        idle.notify();
      });
    },
    close: () => idle.wait(),
  };
}
