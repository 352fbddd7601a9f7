import type { Worker } from "node:worker_threads";
import type { Logger } from "../logging/index.js";
import { rebuildError, SourceWorkerError } from "./errors.js";
import type { FromSourceWorker, ToSourceWorker } from "./protocol.js";

/**
 * Requests to the worker and their replies, in order (the worker answers one request at a time). Log lines are
 * written as they come; a failure rejects the request it answers; the worker's death rejects everything waiting.
 */
export class WorkerChannel {
  private readonly waiting: Array<{
    resolve: (message: FromSourceWorker) => void;
    reject: (error: Error) => void;
  }> = [];
  private dead: Error | undefined;
  private readonly exited: Promise<void>;

  constructor(
    private readonly worker: Worker,
    private readonly logger: Logger,
  ) {
    worker.on("message", (message: FromSourceWorker) => this.receive(message));
    worker.on("error", (error: Error) => this.fail(new SourceWorkerError(error.message, error)));
    this.exited = new Promise((resolve) =>
      worker.once("exit", (code) => {
        this.fail(new SourceWorkerError(`it exited with code ${code}`));
        resolve();
      }),
    );
  }

  send(message: ToSourceWorker): void {
    if (!this.dead) this.worker.postMessage(message);
  }

  /** Waits for the next reply without sending anything (the worker's `opened`). */
  reply<T extends FromSourceWorker>(): Promise<T> {
    if (this.dead) return Promise.reject(this.dead);
    return new Promise<FromSourceWorker>((resolve, reject) =>
      this.waiting.push({ resolve, reject }),
    ) as Promise<T>;
  }

  request<T extends FromSourceWorker>(message: ToSourceWorker): Promise<T> {
    const answer = this.reply<T>();
    this.send(message);
    return answer;
  }

  /** Asks the worker to close its source and store, then waits for it to end (ended by force after 5 s). */
  async close(): Promise<void> {
    if (!this.dead) {
      const timer = setTimeout(() => void this.worker.terminate(), 5000);
      await this.request({ type: "close" }).catch(() => {});
      clearTimeout(timer);
      await this.worker.terminate();
    }
    await this.exited;
  }

  private receive(message: FromSourceWorker): void {
    if (message.type === "log") {
      const { level, bindings, fields, message: text } = message;
      const target = Object.keys(bindings).length > 0 ? this.logger.child(bindings) : this.logger;
      target[level](fields as object, text);
      return;
    }
    const next = this.waiting.shift();
    if (!next) return;
    if (message.type === "failed") next.reject(rebuildError(message.error));
    else next.resolve(message);
  }

  private fail(error: Error): void {
    this.dead ??= error;
    for (const waiter of this.waiting.splice(0)) waiter.reject(this.dead);
  }
}
