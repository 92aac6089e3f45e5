import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Vitest's order (a project's files one after another, the longest or largest first), with the browser tests'
 * project first instead of by name. Those files are the longest and wait on Chromium much of the time, so they
 * start while the other workers keep the cores busy with the BFF's files, instead of ending the run alone.
 */
export default class TestSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => (file.project.name === 'e2e' ? 0 : 1);
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}
