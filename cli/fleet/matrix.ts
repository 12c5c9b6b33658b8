import { resolve } from "path";
import { loadPlatformArgs } from "../../components/config";
import { ConfigError } from "../../components/errors";
import { readStack } from "../../plan/stack-files";
import { reportingUserErrors } from "../automation/command";
import { automationIo } from "../automation/context";
import type { Io } from "../main";
import { EXIT_FAILED, EXIT_OK } from "../usage";
import { fleetStacks, FleetOptions } from "./run";

/** GitHub Actions runs at most 256 jobs from one matrix. */
export const GITHUB_MATRIX_LIMIT = 256;

export interface MatrixEntry {
    stack: string;
    /** anycloud:cloud, so the job picks its cloud's credentials. */
    cloud: string;
    /** anycloud:environment (default dev), so the job can use a protected GitHub environment for prod. */
    environment: string;
}

/** The matching stacks as a GitHub Actions matrix: `{"include":[{"stack","cloud","environment"}]}`. */
export function fleetMatrix(projectDir: string, patterns: string[], warn: (text: string) => void): { include: MatrixEntry[] } {
    const include = fleetStacks(projectDir, patterns).map((stack) => {
        const config = readStack(projectDir, stack).config;
        try {
            loadPlatformArgs(config);
        } catch (error) {
            if (!(error instanceof ConfigError)) {
                throw error;
            }
            // Its own job fails on it, with the full list; the other stacks still deploy.
            warn(`warning: ${stack} has an invalid configuration; its job will fail: ${error.message.split("\n")[0]}`);
        }
        return { stack, cloud: config["anycloud:cloud"] ?? "", environment: config["anycloud:environment"] ?? "dev" };
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
