import type { PulumiCommand } from "@pulumi/pulumi/automation";

/**
 * The oldest Pulumi CLI anycloud drives: the stack keeps creation-time facts in the built-in
 * `pulumi:index:Stash` resource, which the engine gained in 3.208.0 (Pulumi.yaml's
 * `requiredVersion` says the same; a test keeps the two equal).
 */
export const MIN_PULUMI_VERSION = "3.208.0";

/** Pulumi's documented opt-out of the Automation API's CLI version check; anycloud honours it too. */
export const SKIP_VERSION_CHECK_VAR = "PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK";

export const INSTALL_HINT =
    `Install or update it (version ${MIN_PULUMI_VERSION} or newer):\n` +
    `  curl -fsSL https://get.pulumi.com | sh                      # Linux, macOS; other ways: https://www.pulumi.com/docs/install/\n` +
    `  curl -fsSL https://get.pulumi.com | sh -s -- --version ${MIN_PULUMI_VERSION}   # a pinned version\n` +
    `From code, PulumiCommand.install({ version }) (@pulumi/pulumi/automation) installs one under ~/.pulumi/versions;\n` +
    `in GitHub Actions, pulumi/actions without a command installs it.\n` +
    `\`anycloud plan\` needs no Pulumi CLI.`;

/** No usable Pulumi CLI: missing from the PATH, too old, or of another major version. Exit code EXIT_NO_PULUMI. */
export class PulumiCliError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "PulumiCliError";
    }
}

/** `major.minor.patch` of a version text ("v3.208.0", "3.210.1-alpha.5+dirty"); undefined when it is none. */
export function parseVersion(text: string): [number, number, number] | undefined {
    const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(text.trim());
    return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

/** -1, 0 or 1 as a is older than, equal to or newer than b (release part only). */
export function compareVersions(a: [number, number, number], b: [number, number, number]): number {
    for (let i = 0; i < 3; i++) {
        if (a[i] !== b[i]) {
            return a[i] < b[i] ? -1 : 1;
        }
    }
    return 0;
}

/**
 * Checks a CLI's version against MIN_PULUMI_VERSION the way PulumiCommand.get({ version }) does
 * (and with the same opt-out variable), so a too-old CLI is refused before any stack is touched.
 */
export function checkVersion(version: string | undefined, env: NodeJS.ProcessEnv): void {
    if (env[SKIP_VERSION_CHECK_VAR]) {
        return;
    }
    const parsed = version === undefined ? undefined : parseVersion(version);
    if (parsed === undefined) {
        throw new PulumiCliError(`anycloud: cannot tell the Pulumi CLI's version (it said "${version ?? ""}"); anycloud needs ${MIN_PULUMI_VERSION} or newer. Set ${SKIP_VERSION_CHECK_VAR}=true to skip this check.\n${INSTALL_HINT}`);
    }
    const minimum = parseVersion(MIN_PULUMI_VERSION) as [number, number, number];
    if (parsed[0] > minimum[0]) {
        throw new PulumiCliError(`anycloud: Pulumi CLI ${version} is a new major version; this anycloud (and its @pulumi/pulumi ${minimum[0]}.x Automation API) drives ${minimum[0]}.x, ${MIN_PULUMI_VERSION} or newer.\n${INSTALL_HINT}`);
    }
    if (compareVersions(parsed, minimum) < 0) {
        throw new PulumiCliError(`anycloud: Pulumi CLI ${version} is too old: anycloud needs ${MIN_PULUMI_VERSION} or newer (the stack keeps creation-time facts in pulumi:index:Stash resources, which older engines reject).\n${INSTALL_HINT}`);
    }
}

/** What PulumiCommand.get() threw, as a plain message. */
function describeGetFailure(error: unknown): PulumiCliError {
    const text = error instanceof Error ? error.message : String(error);
    if (/ENOENT|not found|cannot find/i.test(text)) {
        return new PulumiCliError(`anycloud: the Pulumi CLI is not installed: there is no \`pulumi\` on the PATH. The preview, up, destroy, refresh and outputs commands (and fleet preview and up) drive it.\n${INSTALL_HINT}`);
    }
    const tooOld = /current CLI version is (\S+?)\.? Please/.exec(text);
    if (tooOld) {
        return new PulumiCliError(`anycloud: Pulumi CLI ${tooOld[1]} is too old: anycloud needs ${MIN_PULUMI_VERSION} or newer.\n${INSTALL_HINT}`);
    }
    const major = /using Pulumi CLI version (\S+) with Automation SDK/.exec(text);
    if (major) {
        return new PulumiCliError(`anycloud: Pulumi CLI ${major[1]} is a new major version; this anycloud drives ${MIN_PULUMI_VERSION} or a newer 3.x.\n${INSTALL_HINT}`);
    }
    const firstLine = text.split("\n").map((line) => line.trim()).find((line) => line !== "" && !/^code:/.test(line)) ?? text;
    return new PulumiCliError(`anycloud: cannot run the Pulumi CLI (\`pulumi version\` failed: ${firstLine}).\n${INSTALL_HINT}`);
}

/**
 * The Pulumi CLI to drive: `pulumi` from the PATH through PulumiCommand.get() (tests hand in a
 * fake instead), checked for MIN_PULUMI_VERSION. The Automation API is imported here, on first
 * use, so that `anycloud plan` never loads it.
 */
export async function resolvePulumiCommand(env: NodeJS.ProcessEnv, provided?: () => Promise<PulumiCommand>): Promise<PulumiCommand> {
    let command: PulumiCommand;
    if (provided) {
        command = await provided();
    } else {
        const { PulumiCommand } = await import("@pulumi/pulumi/automation");
        try {
            command = await PulumiCommand.get({ skipVersionCheck: Boolean(env[SKIP_VERSION_CHECK_VAR]) });
        } catch (error) {
            throw describeGetFailure(error);
        }
    }
    checkVersion(command.version?.toString(), env);
    return command;
}
