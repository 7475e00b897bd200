#!/usr/bin/env node
import { keepHeapSmall } from "../dist/ingest/heap.js";

// Before the program allocates anything (see src/ingest/heap.ts).
keepHeapSmall();
const { main } = await import("../dist/cli/main.js");
main(process.argv);
