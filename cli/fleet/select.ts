import { UsageError } from "../usage";

/** A glob over stack names: `*` any run of characters, `?` one character. */
function globRegExp(glob: string): RegExp {
    const body = glob.split("").map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\/]/g, "\\$&"))).join("");
    return new RegExp(`^${body}$`);
}

/**
 * The stacks whose names match `patterns`: globs, comma-separated or repeated; one starting with
 * `!` excludes what it matches (`'acme-*,!*-prod'`). A pattern set that matches nothing is a usage
 * error naming the stacks there are.
 */
export function selectStacks(available: readonly string[], patterns: readonly string[]): string[] {
    const globs = patterns.flatMap((p) => p.split(",")).map((p) => p.trim()).filter((p) => p !== "");
    if (globs.length === 0) {
        throw new UsageError("--stacks needs a pattern, e.g. --stacks 'acme-*' (globs, comma-separated; !pattern excludes)");
    }
    const include = globs.filter((g) => !g.startsWith("!")).map(globRegExp);
    const exclude = globs.filter((g) => g.startsWith("!")).map((g) => globRegExp(g.slice(1)));
    const chosen = available.filter((name) => (include.length === 0 || include.some((r) => r.test(name))) && !exclude.some((r) => r.test(name)));
    if (chosen.length === 0) {
        throw new UsageError(`no stack matches --stacks '${globs.join(",")}'; stacks here: ${available.join(", ") || "(none)"}`);
    }
    return chosen;
}
