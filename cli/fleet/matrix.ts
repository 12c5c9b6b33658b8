import { resolve } from "path";
import { loadPlatformArgs } from "../../components/config";
import { ConfigError } from "../../components/errors";
import { readStack } from "../../plan/stack-files";
import { reportingUserErrors } from "../automation/command";
import { automationIo } from "../automation/context";
import { guardEnvironment } from "../automation/environment";
import type { Io } from "../main";
import { EXIT_FAILED, EXIT_OK } from "../usage";
import { fleetStacks, FleetOptions } from "./run";

/** GitHub Actions runs at most 256 jobs from one matrix. */
export const GITHUB_MATRIX_LIMIT = 256;

export interface MatrixEntry {
    stack: string;
    /** anycloud:cloud, so the job picks its cloud's credentials. */
    cloud: string;
    /**
     * The stack file's anycloud:environment, so the job runs in that GitHub environment (prod with
     * required reviewers); "prod" where the stack file does not tell (cli/automation/environment.ts).
     */
    environment: string;
}

/** The matching stacks as a GitHub Actions matrix: `{"include":[{"stack","cloud","environment"}]}`. */
export function fleetMatrix(projectDir: string, patterns: string[], warn: (text: string) => void): { include: MatrixEntry[] } {
    const include = fleetStacks(projectDir, patterns).map((stack) => {
        const settings = readStack(projectDir, stack);
        try {
            loadPlatformArgs(settings.config);
        } catch (error) {
            if (!(error instanceof ConfigError)) {
                throw error;
            }
            // Its own job fails on it, with the full list; the other stacks still deploy.
            warn(`warning: ${stack} has an invalid configuration; its job will fail: ${error.message.split("\n")[0]}`);
        }
        const guard = guardEnvironment(settings);
        if (guard.assumed) {
            warn(`warning: ${stack} runs in the prod environment: ${guard.assumed}; set anycloud:environment in its stack file`);
        }
        return { stack, cloud: settings.config["anycloud:cloud"] ?? "", environment: guard.environment };
    });
    return { include };
}

/** `anycloud fleet matrix --stacks ...`: the matrix as one line of JSON, for `$GITHUB_OUTPUT`. */
export async function runFleetMatrix(options: FleetOptions, baseIo: Io): Promise<number> {
    const io = automationIo(baseIo);
    const projectDir = resolve(io.cwd, options.cwd);
    return reportingUserErrors(io, async () => {
        const matrix = fleetMatrix(projectDir, options.stacks, (text) => io.stderr(`${text}\n`));
        if (matrix.include.length > GITHUB_MATRIX_LIMIT) {
            io.stderr(`anycloud: ${matrix.include.length} stacks match, but a GitHub Actions matrix runs at most ${GITHUB_MATRIX_LIMIT} jobs; split the fleet into several --stacks patterns (one matrix job each), or run it with \`anycloud fleet operator\`.\n`);
            return EXIT_FAILED;
        }
        io.stdout(`${JSON.stringify(matrix)}\n`);
        return EXIT_OK;
    });
}
