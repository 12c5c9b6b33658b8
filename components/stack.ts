import { loadPlatformArgs, StackConfig } from "./config";
import { Platform, PlatformOutputs } from "./platform";

/** Logical name of the root component; constant so that no config change renames (replaces) anything. */
export const PLATFORM_NAME = "platform";

/**
 * The stack program: stack config -> validated PlatformArgs -> Platform -> stack outputs.
 * `index.ts` hands it to `pulumi up`; the offline plan runs the very same function.
 */
export function platformStack(config?: StackConfig): PlatformOutputs {
    const args = loadPlatformArgs(config);
    return new Platform(PLATFORM_NAME, args).outputs();
}
