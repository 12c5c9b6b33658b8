/** The invocation is wrong (unknown command or flag, missing --stack, unknown stack): exit code 2. */
export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
    }
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export const USAGE = `Usage: anycloud <command> [options]

Commands:
  plan     Show what a stack would build, offline: no Pulumi CLI, cloud account or network.

Options of plan:
  --stack NAME   Stack to plan; reads Pulumi.yaml and Pulumi.NAME.yaml (required)
  --json         Print the plan as versioned JSON (docs/plan-format.md) instead of a tree
  --out FILE     Also write the JSON plan to FILE
  --cwd DIR      Project directory holding Pulumi.yaml (default: the current directory)

  -h, --help     Show this help
  --version      Show the anycloud version

Exit codes: 0 planned, 1 invalid configuration or stack file, 2 usage error.
Example: anycloud plan --stack aws-dev
`;
