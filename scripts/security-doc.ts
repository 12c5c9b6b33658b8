/** `npm run docs:security`: regenerates the rule and exception tables of docs/security.md. */
import { join } from "path";
import { writeSecurityDoc } from "../policies/docs";
import { ALL_RULES } from "../policies/rules/all";
import { planStack } from "../plan/run";
import { listStacks } from "../plan/stack-files";

async function main(): Promise<void> {
    const root = join(__dirname, "..");
    const reports = [];
    for (const stack of listStacks(root)) {
        const { document } = await planStack(root, stack, "anycloud docs");
        reports.push({ stack, report: document.compliance });
    }
    writeSecurityDoc(join(root, "docs", "security.md"), ALL_RULES, reports);
}

main().catch((error) => {
    console.error(error);
    process.exit(1);
});
