import { existsSync, readFileSync } from "fs";
import { dirname, join } from "path";

/**
 * The package version, from the nearest package.json named "anycloud" above this file:
 * cli/ in a checkout, dist/cli/ in the published package.
 */
export function packageVersion(from: string = __dirname): string {
    for (let dir = from; ; dir = dirname(dir)) {
        const file = join(dir, "package.json");
        if (existsSync(file)) {
            const manifest = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
            if (manifest.name === "anycloud" && manifest.version) {
                return manifest.version;
            }
        }
        if (dirname(dir) === dir) {
            return "0.0.0-unknown";
        }
    }
}
