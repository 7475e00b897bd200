#!/usr/bin/env node
import { keepHeapSmall } from "../dist/ingest/heap.js";
import { linearFallback } from "../dist/core/regexp.js";

// Before the program allocates anything (see src/ingest/heap.ts).
keepHeapSmall();
// Before any pattern is compiled: --filter, rules and the API's (see src/core/regexp.ts).
linearFallback();
const { main } = await import("../dist/cli/main.js");
main(process.argv);
