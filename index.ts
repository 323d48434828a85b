// Entry point for the Pulumi CLI: every key of the returned object becomes a stack output.
import { main } from "./program";

export = main();
