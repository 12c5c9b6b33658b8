// anycloud:index:Platform as the component provider constructs it for other Pulumi languages: the
// library's Platform, with its outputs as properties (what the provider reads back) and its settings
// taken as the plain values they are in stack config.
import { Output } from "@pulumi/pulumi/output";
import type { ComponentResource, ComponentResourceOptions } from "@pulumi/pulumi/resource";
import { isRpcSecret, unwrapRpcSecret } from "@pulumi/pulumi/runtime/rpc";
import { ConfigError, Problem } from "../components/errors";
import type { PlatformInput } from "../components/input";
import { Platform as LibraryPlatform, PlatformOutputs } from "../components/platform";
import type * as schema from "./schema";

export class Platform extends LibraryPlatform {
    constructor(name: string, args: schema.PlatformComponentArgs, opts?: ComponentResourceOptions) {
        super(name, plainSettings(args), opts);
        // The provider answers with the properties the schema lists as outputs.
        Object.assign(this, this.outputs());
    }
}

/**
 * The settings as the library validates them. A secret nested in them (an SMTP password) arrives
 * marked as one and is unwrapped: the platform keeps it secret wherever it goes. An Output is refused:
 * settings decide which resources exist, so they must be known before anything is created.
 */
export function plainSettings(args: schema.PlatformComponentArgs): PlatformInput {
    const problems: Problem[] = [];
    const plain = (value: unknown, key: string): unknown => {
        if (Output.isInstance(value)) {
            problems.push({ key, value: "(an output)", message: "must be a plain value, known before the program runs (settings decide which resources exist); pass a literal, a config value or a secret, not another resource's output" });
            return undefined;
        }
        if (isRpcSecret(value)) {
            return plain(unwrapRpcSecret(value), key);
        }
        if (Array.isArray(value)) {
            return value.map((item, i) => plain(item, `${key}[${i}]`));
        }
        if (value !== null && typeof value === "object") {
            return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v, key ? `${key}.${k}` : k)]));
        }
        return value;
    };
    const settings = plain(args, "") as PlatformInput;
    if (problems.length > 0) {
        throw new ConfigError(problems);
    }
    return settings;
}

// Compile-time proofs that the class that runs is the one plugin/schema describes.
type Assert<T extends true> = T;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type SchemaOutputs = Exclude<keyof schema.Platform, keyof ComponentResource>;
type Fits = schema.PlatformComponentArgs extends PlatformInput ? true : false;
/** The schema's inputs fit the library's input, and name every one of its settings. */
export type InputsFit = Assert<Fits>;
export type InputsComplete = Assert<Same<keyof schema.PlatformComponentArgs, keyof PlatformInput>>;
/** The schema's outputs are exactly the library's, with the same types (the constructor assigns them). */
export type OutputsMatch = Assert<Same<SchemaOutputs, keyof PlatformOutputs>>;
type OutputTypesFit = (Platform & PlatformOutputs) extends schema.Platform ? true : false;
export type OutputTypesMatch = Assert<OutputTypesFit>;
/** The constructor takes what the schema's constructor takes. */
export type ConstructorMatches = Assert<Same<ConstructorParameters<typeof Platform>, ConstructorParameters<typeof schema.Platform>>>;
