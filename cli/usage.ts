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
/** `plan --strict`: the plan succeeded, but a security rule of high or critical severity fails. */
export const EXIT_NONCOMPLIANT = 3;

export const USAGE = `Usage: anycloud <command> [options]

Commands:
  plan     Show what a stack would build, offline: no Pulumi CLI, cloud account or network.

Options of plan:
  --stack NAME   Stack to plan; reads Pulumi.yaml and Pulumi.NAME.yaml (required)
  --json         Print the plan as versioned JSON (docs/plan-format.md) instead of a tree
  --out FILE     Also write the JSON plan to FILE
  --cwd DIR      Project directory holding Pulumi.yaml (default: the current directory)
  --prices FILE  Your own prices and discounts (JSON) on top of the price catalog (docs/cost-model.md)
  --compare-clouds
                 Plan the same platform on AWS, Azure and GCP (nearest regions) and print
                 the three cost estimates side by side
  --strict       Exit 3 when a security rule of high or critical severity fails
                 (the Compliance section and docs/security.md list the rules)

  -h, --help     Show this help
  --version      Show the anycloud version

Exit codes: 0 planned, 1 invalid configuration, stack file or price file, 2 usage error,
            3 planned with --strict, but a rule of high or critical severity fails.
Examples: anycloud plan --stack aws-dev
          anycloud plan --stack aws-dev --prices prices.json
          anycloud plan --stack aws-dev --compare-clouds
          anycloud plan --stack aws-prod --strict
`;
