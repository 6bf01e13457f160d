// Starts a TypeScript worker module (workerData.module) under tsx, as the main process runs: Node 20 has no loader
// for .ts files of its own. Used by src/labor/check-pool.ts.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.module);
