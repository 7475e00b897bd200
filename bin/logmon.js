#!/usr/bin/env node
import { keepHeapSmall } from "../dist/cli/heap.js";

// Before the program allocates anything (see src/cli/heap.ts).
keepHeapSmall();
const { main } = await import("../dist/cli/main.js");
main(process.argv);
