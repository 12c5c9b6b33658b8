import * as pulumi from "@pulumi/pulumi";
import { ConfigError, Problem } from "../../components/errors";

/**
 * Settings an AKS cluster is created with that config can change but Azure cannot: a new name,
 * Service range or pod range replaces the cluster (and a replacement of a fixed-name cluster
 * fails: the new one cannot be created while the old one holds the name), and a public API
 * cannot become private nor the reverse (AKS refuses the update). They are kept in the state at
 * creation (a Stash keeps its first value), and a later change is refused with the key that
 * changed, before anything is touched. providers/azure/replacement-inputs.ts lists them all.
 */
export function checkCreationSettings(name: string, settings: Record<string, string>, parent: pulumi.Resource): pulumi.Output<void> {
    const created = new pulumi.Stash(`${name}-created-with`, { input: settings }, { parent }).output as pulumi.Output<Record<string, string>>;
    return created.apply((before) => {
        const problems: Problem[] = Object.entries(settings)
            .filter(([key, value]) => before[key] !== undefined && before[key] !== value)
            .map(([key, value]) => ({ key, value, message: `was "${before[key]}" when the AKS cluster was created and cannot change without rebuilding the cluster; set it back (docs/azure.md says how to rebuild on purpose)` }));
        if (problems.length > 0) {
            throw new ConfigError(problems);
        }
    });
}
