import { Io, main } from "../../cli/main";
import { REPO_ROOT } from "../plan/fixtures";
import { FakePulumi } from "./fake-pulumi";

export interface CliRun {
    code: number;
    stdout: string;
    stderr: string;
    /** The questions asked at the "terminal". */
    prompts: string[];
    /** The waits requested (ms), e.g. between retries of a locked stack. */
    sleeps: number[];
}

export interface CliSetup {
    fake?: FakePulumi;
    cwd?: string;
    env?: NodeJS.ProcessEnv;
    interactive?: boolean;
    /** Answers to prompts, in order. */
    answers?: string[];
}

/** Runs the CLI in-process against a fake Pulumi CLI, a fake terminal and an instant sleep. */
export async function runCli(argv: string[], setup: CliSetup = {}): Promise<CliRun> {
    const run: CliRun = { code: -1, stdout: "", stderr: "", prompts: [], sleeps: [] };
    const answers = [...(setup.answers ?? [])];
    const fake = setup.fake;
    const io: Io = {
        stdout: (text) => { run.stdout += text; },
        stderr: (text) => { run.stderr += text; },
        cwd: setup.cwd ?? REPO_ROOT,
        env: setup.env ?? {},
        interactive: setup.interactive ?? false,
        prompt: async (question) => {
            run.prompts.push(question);
            return answers.shift() ?? "";
        },
        sleep: async (ms) => {
            run.sleeps.push(ms);
        },
        ...(fake ? { pulumiCommand: async () => fake.command() } : {}),
    };
    run.code = await main(argv, io);
    return run;
}
