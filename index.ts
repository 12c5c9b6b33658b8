// The Pulumi stack program (Pulumi.yaml `main`). Pulumi calls the exported function and
// publishes what it returns as stack outputs. The library entry is lib.ts, which creates nothing.
import { platformStack } from "./components/stack";

export = () => platformStack();
