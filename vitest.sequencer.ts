import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Projects whose files start first, in this order; the others follow by name. */
const FIRST = ['e2e', 'console'];

/**
 * Vitest's order (a project's files one after another, the longest or largest first), with the browser tests'
 * project first and the console's next instead of by name. The browser files are the longest and wait on Chromium
 * much of the time, so they start while the other workers keep the cores busy, instead of ending the run alone.
 * The console's longest files (its dialogs, about 20 s each) would otherwise end the run; the BFF's many short
 * files fill its end instead.
 */
export default class TestSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const index = FIRST.indexOf(file.project.name);
      return index === -1 ? FIRST.length : index;
    };
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}
