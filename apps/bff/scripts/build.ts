import { bundleBff } from './bundle.ts';

// The production build (see bundle.ts): dist/server.js and dist/cli.js.
const started = performance.now();
await bundleBff();
console.log(`BFF built into dist/ in ${Math.round(performance.now() - started)} ms`);
