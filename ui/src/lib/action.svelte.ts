// The state every desk screen keeps around the platform calls it makes: which
// action is running (to disable the buttons), the error to show in the user's
// language, and the confirmation of what was done.
import { errorText } from "./desk";

export class Actions {
  busy = $state<string | null>(null);
  error = $state<string | null>(null);
  message = $state<string | null>(null);

  /** Runs `f` as action `what`; its result, or undefined after showing the error. */
  async run<T>(what: string, f: () => Promise<T>, done?: (result: T) => string): Promise<T | undefined> {
    this.busy = what;
    this.error = null;
    this.message = null;
    try {
      const r = await f();
      if (done) this.message = done(r);
      return r;
    } catch (e) {
      this.error = errorText(e);
      return undefined;
    } finally {
      this.busy = null;
    }
  }

  /** Loads a view: no busy state, the error shown (or cleared). */
  async load<T>(f: () => Promise<T>): Promise<T | undefined> {
    try {
      const r = await f();
      this.error = null;
      return r;
    } catch (e) {
      this.error = errorText(e);
      return undefined;
    }
  }
}
