import { mkdirSync, mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { dirname, join, resolve } from "path";
import { stringify } from "yaml";
import { Io, main } from "../../cli/main";
import { AWS_DEV_CONFIG } from "../helpers/record";

export const REPO_ROOT = resolve(__dirname, "..", "..");

/** A throwaway project directory holding `files` (path -> text). */
export function tempProject(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), "anycloud-plan-"));
    for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
    }
    return dir;
}

/** A minimal Pulumi.yaml: no config declarations unless given. */
export function projectYaml(name = "anycloud", config?: Record<string, unknown>): string {
    return stringify({ name, runtime: "nodejs", ...(config ? { config } : {}) });
}

/** A stack file from plain anycloud settings (as a person would write it). */
export function stackYaml(settings: Record<string, unknown> = AWS_DEV_CONFIG, extra: Record<string, unknown> = {}): string {
    const config = Object.fromEntries(Object.entries(settings).map(([key, value]) => [`anycloud:${key}`, value]));
    return stringify({ config: { ...config, ...extra } });
}

export interface Run {
    code: number;
    stdout: string;
    stderr: string;
}

/** Runs the CLI in-process with captured output. */
export async function run(argv: string[], cwd = REPO_ROOT): Promise<Run> {
    let stdout = "";
    let stderr = "";
    const io: Io = { stdout: (text) => { stdout += text; }, stderr: (text) => { stderr += text; }, cwd };
    const code = await main(argv, io);
    return { code, stdout, stderr };
}
