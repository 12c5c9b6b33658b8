/**
 * The shape of each cloud's registry of replacement-triggering inputs
 * (providers/<cloud>/replacement-inputs.ts): one place per cloud where the adapters, their
 * tests and the docs find which inputs of a stateful resource cannot change in place.
 */
export interface ReplacementInputs {
    /** Top-level Pulumi input names that replace the resource. The compiler checks each against the SDK's Args type. */
    inputs: string[];
    /** Dotted paths below an input that replace the resource on their own. */
    nestedInputs?: string[];
    /** Dotted input paths the cloud refuses to update in place, without the provider knowing (the update fails). */
    createOnly?: string[];
    /** Where the flags were read: the provider source or schema, at a fixed commit or release. */
    source: string;
    note?: string;
}

/** Input names of one resource type. A misspelt name, or one the SDK dropped, fails to compile. */
export function inputsOf<Args>(...names: (keyof Args & string)[]): string[] {
    return names;
}
