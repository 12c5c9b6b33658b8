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
/** The stack is locked by another update (after any --retry-locked retries). */
export const EXIT_LOCKED = 4;
/** No usable Pulumi CLI: not on the PATH, too old or of another major version. */
export const EXIT_NO_PULUMI = 5;
/** up or destroy was not confirmed (--yes, or the typed confirmation): nothing was touched. */
export const EXIT_NOT_CONFIRMED = 6;

export const USAGE = `Usage: anycloud <command> [options]

Commands:
  plan     Show what a stack would build, offline: no Pulumi CLI, cloud account or network.
  preview  Preview a stack's changes with the Pulumi engine (Automation API; needs the Pulumi CLI).
  up       Deploy a stack: its project's program with its stack file's config, as \`pulumi up\`.
  destroy  Delete every resource of a stack (production: --yes and the stack name typed).
  refresh  Bring a stack's state in line with what exists in the cloud.
  outputs  Print a stack's outputs, secrets masked.
  fleet    Many stacks at once: list, preview, up, matrix (GitHub Actions), operator (Kubernetes).

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

Options of preview, up, destroy, refresh, outputs (docs/ci.md):
  --stack NAME   Stack to drive; its config is checked as plan checks it before the engine starts (required)
  --cwd DIR      Project directory holding Pulumi.yaml and the stack files (default: .)
  --json         Print a JSON summary (result, changes by operation, outputs with secrets masked);
                 progress goes to stderr
  --policy-pack DIR
                 Run a policy pack during preview or up (repeatable)
  --target URN   Operate on this resource only (repeatable; preview, up, destroy, refresh)
  --refresh      Refresh the state first (preview, up, destroy)
  -y, --yes      up: deploy without asking (required when not at a terminal);
                 destroy: required, and for a prod stack at a terminal the name typed too
                 (a stack whose file does not say anycloud:environment, or imports an ESC
                 environment, counts as prod; fleet list marks it "prod (assumed)")
                 (in CI, CI=true, --yes alone); refresh: accepted, never asks
  --retry-locked N
                 When another update holds the stack, retry up to N times (15s, 30s, 60s, then 120s apart)

Options of fleet:
  fleet list     [--stacks PATTERN] [--json]   Stacks with cloud, region, environment and config validity (offline)
  fleet preview  --stacks PATTERN [--concurrency N] [--json] [--policy-pack DIR] [--refresh] [--retry-locked N]
  fleet up       --stacks PATTERN --yes [--concurrency N] [same as preview]
                 Each stack as preview/up does, at most N at once (default 4); one failing stack
                 does not stop the others; a table of stack, result, changes and duration at the end
  fleet matrix   --stacks PATTERN   GitHub Actions matrix JSON: {"include":[{"stack","cloud","environment"}]}
  fleet operator --stacks PATTERN --repo URL (--branch NAME | --commit SHA) [--repo-dir DIR]
                 [--namespace NS] [--org ORG] [--resync-seconds N] [--image IMAGE]
                 [--destroy-on-finalize] [--workload-identity]
                 Pulumi Kubernetes Operator resources (YAML): one pulumi.com/v1 Stack per stack
  PATTERN        Globs over the project's stack names, comma-separated or repeated; !glob excludes
                 (e.g. 'acme-*,!*-prod'). --cwd DIR as above.

  -h, --help     Show this help
  --version      Show the anycloud version

Exit codes: 0 done (plan, operation or every fleet stack succeeded)
            1 invalid configuration, stack file or price file (every problem listed); the chosen
              cloud's SDK is not installed; the operation failed; the stack is not in the backend;
              a fleet stack did not succeed
            2 usage error (unknown command or option, missing --stack, unknown stack)
            3 plan --strict: planned, but a rule of high or critical severity fails
            4 the stack is locked by another update (after --retry-locked retries)
            5 no usable Pulumi CLI: not on the PATH, or older than 3.208.0 (plan needs none)
            6 up or destroy not confirmed (--yes, or the typed stack name): nothing was touched
Examples: anycloud plan --stack aws-dev
          anycloud plan --stack aws-dev --prices prices.json
          anycloud plan --stack aws-dev --compare-clouds
          anycloud plan --stack aws-prod --strict
          anycloud preview --stack aws-dev --policy-pack policies/pack
          anycloud up --stack aws-dev --yes --json
          anycloud destroy --stack aws-dev --yes
          anycloud fleet preview --stacks 'acme-*' --concurrency 4
          anycloud fleet matrix --stacks '*'
          anycloud fleet operator --stacks '*' --repo https://github.com/acme/infra.git --branch main
`;
