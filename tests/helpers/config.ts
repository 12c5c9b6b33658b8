import { strict as assert } from "assert";
import { loadPlatformArgs } from "../../components/config";
import { ConfigError, Problem } from "../../components/errors";
import { toStackConfig } from "./record";

/** A well-formed ed25519 public key line (not anyone's real key). */
export const SSH_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHf3O0VHO6ZqQnFZ4cLw0aT5mWcI4l1o2x0ExaMPLEKEY ops@acme.example";

/** The problems loading `settings` as stack config reports; [] when valid. */
export function problemsOf(settings: Record<string, unknown>): Problem[] {
    try {
        loadPlatformArgs(toStackConfig(settings));
    } catch (error) {
        assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
        return error.problems;
    }
    return [];
}

/**
 * Asserts exactly one problem names `key`, its message matches `allowed` and, when given,
 * it reports `value` as the bad value.
 */
export function expectProblem(settings: Record<string, unknown>, key: string, allowed: RegExp, value?: unknown): Problem {
    const problems = problemsOf(settings);
    const matching = problems.filter((p) => p.key === key);
    assert.equal(matching.length, 1, `expected one problem for ${key}, got: ${JSON.stringify(problems, null, 1)}`);
    assert.match(matching[0].message, allowed);
    if (arguments.length > 3) {
        assert.deepEqual(matching[0].value, value);
    }
    return matching[0];
}
