import { PlatformArgs } from "./types";
import { resolvePlatformArgs } from "./validation";

type DeepPartial<T> = T extends (infer U)[] ? DeepPartial<U>[] : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

/** What a library user writes: the four identity fields, everything else optional with documented defaults. */
export type PlatformInput = DeepPartial<Omit<PlatformArgs, "cloud" | "region" | "customer" | "project">>
    & Pick<PlatformArgs, "cloud" | "region" | "customer" | "project">;

/** Validates library input with the same rules as stack config; key names in errors are the arg paths. */
export function resolvePlatformInput(input: PlatformInput): PlatformArgs {
    return resolvePlatformArgs(input as Record<string, unknown>, "");
}
