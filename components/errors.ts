import { RunError } from "@pulumi/pulumi/errors";

/** One thing wrong with the settings: which key, what value, and what is allowed. */
export interface Problem {
    /** Full key, e.g. "anycloud:network.cidr" (stack config) or "network.cidr" (library args). */
    key: string;
    value: unknown;
    message: string;
}

export function describeValue(value: unknown): string {
    if (value === undefined) {
        return "(not set)";
    }
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * Every problem of a configuration at once. Thrown before any resource is registered;
 * the CLI and `pulumi up` print `message` alone, never a stack trace.
 */
export class ConfigError extends RunError {
    readonly problems: Problem[];

    constructor(problems: Problem[]) {
        const lines = problems.map((p) => `  - ${p.key} = ${describeValue(p.value)}: ${p.message}`);
        super(`anycloud: invalid configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${lines.join("\n")}`);
        this.name = "ConfigError";
        this.problems = problems;
        // RunError tells Pulumi to print the message without a stack trace; the CLI does the same.
        this.stack = this.message;
    }
}
