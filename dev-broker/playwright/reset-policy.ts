/**
 * When the `broker` fixture resets the worker's broker to its seed (docs/testing.md "reset"): before
 * every test (`'test'`, the default), or before the first test of each test file (`'file'`), so the
 * tests of one file may build on each other. A worker's first test finds a fresh broker and needs none.
 */
export type ResetBetween = 'test' | 'file';

export class ResetPolicy {
  #lastFile: string | null = null;

  /** Whether the test of `file` about to run starts from a reset; remembers the file. */
  beforeTest(policy: ResetBetween, file: string): boolean {
    const given: string = policy; // a JavaScript caller may pass anything
    if (given !== 'test' && given !== 'file')
      throw new TypeError(`resetBetween must be 'test' or 'file', got ${JSON.stringify(given)}`);
    const first = this.#lastFile === null;
    const newFile = this.#lastFile !== file;
    this.#lastFile = file;
    if (first) return false;
    return policy === 'test' || newFile;
  }
}
