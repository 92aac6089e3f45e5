import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BFF_NODE_FLAGS } from '../src/node-flags.ts';

const bffDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const root = path.resolve(bffDir, '../..');

/** The flags a `node …` command passes before its script. */
function nodeFlags(command: string[]): string[] {
  expect(command[0]).toBe('node');
  const script = command.findIndex((arg) => !arg.startsWith('-') && arg !== 'node');
  return command.slice(1, script);
}

describe('the Node flags the BFF runs with', () => {
  it('are passed by the start script', () => {
    const pkg = JSON.parse(readFileSync(path.join(bffDir, 'package.json'), 'utf8')) as { scripts: { start: string } };
    expect(nodeFlags(pkg.scripts.start.split(/\s+/))).toEqual(expect.arrayContaining([...BFF_NODE_FLAGS]));
  });

  it("are passed by the Dockerfile's CMD", () => {
    const cmd = /^CMD (\[.*\])$/m.exec(readFileSync(path.join(root, 'Dockerfile'), 'utf8'));
    expect(cmd).not.toBeNull();
    expect(nodeFlags(JSON.parse(cmd![1]!) as string[])).toEqual(expect.arrayContaining([...BFF_NODE_FLAGS]));
  });

  it('are flags this Node accepts', async () => {
    const { execFileSync } = await import('node:child_process');
    const out = execFileSync(process.execPath, [...BFF_NODE_FLAGS, '-p', '1'], { encoding: 'utf8' });
    expect(out.trim()).toBe('1');
  });
});
