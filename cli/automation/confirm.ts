import { GuardEnvironment, PRODUCTION } from "./environment";

/** What a confirmation needs to know about where anycloud runs. */
export interface ConfirmContext {
    /** stdin and stderr are terminals: a person can answer. */
    interactive: boolean;
    env: NodeJS.ProcessEnv;
    /** Asks a question at the terminal and resolves to the answer. */
    prompt(question: string): Promise<string>;
}

/** CI systems (GitHub Actions, GitLab CI, most others) set CI=true. */
export function inCi(env: NodeJS.ProcessEnv): boolean {
    return ["true", "1"].includes((env.CI ?? "").toLowerCase());
}

const YES = /^\s*y(es)?\s*$/i;

/**
 * Whether `destroy` may go ahead; a refusal's reason otherwise (nothing has been touched then).
 *
 * - production (`anycloud:environment: prod` in the stack file, or a stack whose environment the
 *   stack file does not tell: environment.ts): --yes, and at a terminal the stack name typed back;
 *   without a terminal --yes is enough only in CI (CI=true), where a person approved the job.
 * - other environments: --yes, or a yes at the terminal.
 */
export async function confirmDestroy(stack: string, guard: GuardEnvironment, yes: boolean, context: ConfirmContext): Promise<string | undefined> {
    const { environment, assumed } = guard;
    if (environment === PRODUCTION) {
        const what = assumed ? `stack "${stack}" (treated as production: ${assumed})` : `production stack "${stack}"`;
        if (!yes) {
            return `destroy of ${what} refused: it needs --yes, and at a terminal the stack name typed to confirm (in CI, CI=true, --yes alone). Nothing was touched.`;
        }
        if (context.interactive) {
            const why = assumed ? `Stack "${stack}" is treated as production: ${assumed}.\n` : "";
            const answer = await context.prompt(`${why}Destroying production stack "${stack}" deletes every resource in it that is not protected or kept on delete.\nType the stack name to confirm: `);
            return answer.trim() === stack ? undefined : `destroy of ${what} refused: the name typed ("${answer.trim()}") is not the stack's. Nothing was touched.`;
        }
        if (inCi(context.env)) {
            return undefined;
        }
        return `destroy of ${what} refused: there is no terminal to type the stack name at, and this is not CI (CI=true), where --yes alone would do. Nothing was touched.`;
    }
    if (yes) {
        return undefined;
    }
    if (context.interactive) {
        const answer = await context.prompt(`Destroy every resource of stack "${stack}" (${environment})? [y/N] `);
        return YES.test(answer) ? undefined : `destroy of stack "${stack}" not confirmed. Nothing was touched.`;
    }
    return `destroy of stack "${stack}" refused: it needs --yes when not run at a terminal. Nothing was touched.`;
}

/** Whether `up` may go ahead after its preview; a refusal's reason otherwise. */
export async function confirmUp(stack: string, yes: boolean, context: ConfirmContext): Promise<string | undefined> {
    if (yes) {
        return undefined;
    }
    if (!context.interactive) {
        return `up of stack "${stack}" refused: it needs --yes when not run at a terminal (run \`anycloud preview\` first to see the changes). Nothing was touched.`;
    }
    const answer = await context.prompt(`Apply these changes to stack "${stack}"? [y/N] `);
    return YES.test(answer) ? undefined : `up of stack "${stack}" not confirmed. Nothing was touched.`;
}
