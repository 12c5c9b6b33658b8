// CI through the Pulumi Automation API: the package's own stack program as an inline program,
// config set from code, `up` without a Pulumi.yaml on disk. Needs the Pulumi CLI and cloud
// credentials where it runs; run it with `npx ts-node examples/automation-api.ts <stack>`.
import { ConfigMap, LocalWorkspace } from "@pulumi/pulumi/automation";
import { platformStack } from "../lib"; // in a consumer project: from "anycloud"

/** The stack config of one customer deployment, as `anycloud:*` keys. */
export function customerConfig(customer: string, environment: "dev" | "staging" | "prod"): ConfigMap {
    const plain = (value: unknown) => ({ value: typeof value === "string" ? value : JSON.stringify(value) });
    return {
        "anycloud:cloud": plain("aws"),
        "anycloud:region": plain("eu-central-1"),
        "anycloud:customer": plain(customer),
        "anycloud:project": plain("transit"),
        "anycloud:environment": plain(environment),
        "anycloud:allowedCidrs": plain(["198.51.100.0/24"]),
        "anycloud:bastion": plain({ enabled: false }),
    };
}

export async function deploy(stackName: string, customer: string): Promise<Record<string, unknown>> {
    const stack = await LocalWorkspace.createOrSelectStack({
        projectName: "anycloud",
        stackName,
        program: async () => platformStack(),
    });
    await stack.setAllConfig(customerConfig(customer, "dev"));
    const result = await stack.up({ onOutput: (line) => process.stdout.write(line) });
    return Object.fromEntries(Object.entries(result.outputs).map(([key, output]) => [key, output.secret ? "[secret]" : output.value]));
}

if (require.main === module) {
    deploy(process.argv[2] ?? "ci-dev", process.argv[3] ?? "acme").catch((error) => {
        console.error(error instanceof Error ? error.message : error);
        process.exit(1);
    });
}
