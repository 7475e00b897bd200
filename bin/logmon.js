#!/usr/bin/env node
import { setFlagsFromString } from "node:v8";

// Memory stays flat over a week of following: keep the young generation at its first size and
// let the old one grow by 10 % over what survives a collection (defaults let both balloon to
// several times the live data). Set before the program allocates anything.
setFlagsFromString("--semi-space-growth-factor=1 --heap-growing-percent=10");
const { main } = await import("../dist/cli/main.js");
main(process.argv);
