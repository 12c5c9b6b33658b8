import type { PulumiCommand } from "@pulumi/pulumi/automation";
import type { Io } from "../main";
import type { ConfirmContext } from "./confirm";
import { resolvePulumiCommand } from "./pulumi-cli";

/** The Io's seams for the engine commands, with the defaults of a real run filled in. */
export interface AutomationIo extends ConfirmContext {
    stdout(text: string): void;
    stderr(text: string): void;
    cwd: string;
    sleep(ms: number): Promise<void>;
    pulumiCommand(): Promise<PulumiCommand>;
}

const noPrompt = async (): Promise<string> => "";

export function automationIo(io: Io): AutomationIo {
    const env = io.env ?? process.env;
    return {
        stdout: io.stdout,
        stderr: io.stderr,
        cwd: io.cwd,
        env,
        interactive: io.interactive ?? false,
        prompt: io.prompt ?? noPrompt,
        sleep: io.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
        pulumiCommand: () => resolvePulumiCommand(env, io.pulumiCommand),
    };
}
