import { existsSync } from "fs";
import { resolve } from "path";

/**
 * Where the upstream suite finds other projects' files (Pulumi's project schema, pinned Helm chart
 * defaults and CRDs). They are read in place and never copied into this repository, so the suite
 * needs a checkout of the shared reference folder next to the repo; CI always has one.
 */

export const REPO_ROOT = resolve(__dirname, "..", "..");

/** Set to point the suite at another copy of the reference folder. */
export const REFERENCE_DIR_ENV = "ANYCLOUD_SHARED_REFERENCE";

export const REFERENCE_DIR = process.env[REFERENCE_DIR_ENV]
    ? resolve(process.env[REFERENCE_DIR_ENV])
    : resolve(REPO_ROOT, "..", "shared", "reference");

/** A path inside the reference folder. */
export function referencePath(...parts: string[]): string {
    return resolve(REFERENCE_DIR, ...parts);
}

/**
 * Mocha root hook (loaded through .mocharc.upstream.json): a missing reference folder must fail the
 * suite with one clear message, not pass with nothing checked or fail every test with ENOENT.
 */
export const mochaHooks = {
    beforeAll(): void {
        if (!existsSync(referencePath("README.md"))) {
            throw new Error(
                `upstream suite: no reference folder at ${REFERENCE_DIR}. ` +
                `It holds the pinned upstream files these tests check against (../shared/reference next to the repo). ` +
                `Check it out there, or set ${REFERENCE_DIR_ENV} to its path. \`npm test\` does not need it.`,
            );
        }
    },
};
